namespace PluginRuntime.Core.Scripting.CSharp;

/// <summary>Where compiled scripts are kept when the runtime options don't say.</summary>
internal static class ScriptCacheFolder
{
    public static string Resolve(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }
        string userData = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        string root = string.IsNullOrEmpty(userData) ? Path.GetTempPath() : userData;
        return Path.Combine(root, "PluginRuntime", "script-cache");
    }
}
