using System.Text.Json.Nodes;

namespace PluginRuntime.Core.Config;

/// <summary>Where a driver's code is and how to load it.</summary>
/// <param name="Path">Absolute path of the assembly or script; relative paths in YAML are resolved against the
/// folder of the file that declares the driver. The loader checked it existed at load time.</param>
/// <param name="ClassName">Full name of the Driver class to use, when the assembly holds several.</param>
/// <param name="Watch">Hot-reload the driver when the file changes.</param>
/// <param name="Settings">Overrides on top of the driver class's own defaults. Treat as read-only.</param>
internal sealed record DriverConfig(
    string Id,
    DriverSourceKind Kind,
    string Path,
    string? ClassName,
    bool Watch,
    JsonObject Settings,
    SourceLocation Location);
