namespace PluginRuntime.Core.Config;

/// <summary>What an API key may do; ordered so that a higher role includes the lower ones.</summary>
internal enum ApiKeyRole
{
    User = 0,
    Support = 1,
    Admin = 2,
}
