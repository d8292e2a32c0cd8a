namespace PluginRuntime.Drivers.Pdk.Tests.Support;

internal static class Settings
{
    public static string RepoFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PluginRuntime.sln")))
            {
                return Path.Combine(dir.FullName, relative);
            }
        }
        throw new InvalidOperationException("Repository root (PluginRuntime.sln) not found above the test output.");
    }

    public static string PdkSpec => RepoFile("specs/pdk-streaming.asyncapi.yaml");
}
