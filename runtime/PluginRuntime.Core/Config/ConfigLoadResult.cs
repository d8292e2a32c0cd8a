using System.Diagnostics.CodeAnalysis;

namespace PluginRuntime.Core.Config;

/// <summary>
/// The outcome of loading a config folder: either a valid <see cref="Config"/> and no errors, or every error found
/// and no config. There is no half-valid config, so callers can't apply a partly checked model by mistake.
/// </summary>
internal sealed class ConfigLoadResult
{
    private ConfigLoadResult(RuntimeConfig? config, IReadOnlyList<ConfigError> errors)
    {
        Config = config;
        Errors = errors;
    }

    public RuntimeConfig? Config { get; }

    /// <summary>Every error found, ordered by file, line and column.</summary>
    public IReadOnlyList<ConfigError> Errors { get; }

    [MemberNotNullWhen(true, nameof(Config))]
    public bool Succeeded => Config is not null;

    public static ConfigLoadResult Success(RuntimeConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new ConfigLoadResult(config, []);
    }

    public static ConfigLoadResult Failure(IEnumerable<ConfigError> errors)
    {
        var list = errors.ToArray();
        if (list.Length == 0)
        {
            throw new ArgumentException("A failed load must carry at least one error.", nameof(errors));
        }
        return new ConfigLoadResult(null, Array.AsReadOnly(list));
    }
}
