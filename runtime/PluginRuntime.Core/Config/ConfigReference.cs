namespace PluginRuntime.Core.Config;

/// <summary>
/// A reference from one entry to another by id (a module's driver, a system's zones...), recorded while files are
/// read and checked once every file is in, because lists are concatenated across files in any order.
/// </summary>
/// <param name="Subject">Who refers, as messages name it, e.g. <c>system 'sys-room-1'</c>.</param>
/// <param name="Role">What the id is to the subject, e.g. <c>parent</c> or <c>zone</c>.</param>
/// <param name="TargetKind">The kind of entry the id must name: zone, driver, module or system.</param>
internal sealed record ConfigReference(string Subject, string Role, string TargetKind, LocatedString Id);
