using PluginRuntime.Core.Config;

namespace PluginRuntime.Core.Tests.Config;

/// <summary>A fresh temp folder for one test's YAML files, deleted when the test ends.</summary>
internal sealed class TempConfigFolder : IDisposable
{
    public TempConfigFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "pr-config-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Absolute path of <paramref name="relative"/> inside the folder.</summary>
    public string PathOf(string relative) => Path.GetFullPath(Path.Combine(Root, relative));

    /// <summary>Writes a YAML (or any) file; "\n" line endings so expected line numbers are exact.</summary>
    public string Write(string relative, string text)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
        return path;
    }

    /// <summary>Creates an empty file, e.g. a driver .dll that only has to exist.</summary>
    public string Touch(string relative) => Write(relative, "");

    public ConfigLoadResult Load() => ConfigLoader.Load(Root);

    /// <summary>Loads, asserting failure with exactly <paramref name="expected"/> errors, in order.</summary>
    public void ExpectErrors(params string[] expected) => AssertErrors(Load(), expected);

    /// <summary>
    /// Asserts exactly <paramref name="expected"/> errors, compared as one text so a failure shows the whole
    /// difference rather than a truncated collection.
    /// </summary>
    public static void AssertErrors(ConfigLoadResult result, params string[] expected)
    {
        Assert.Equal(string.Join("\n", expected), string.Join("\n", result.Errors));
        Assert.False(result.Succeeded);
        Assert.Null(result.Config);
    }

    /// <summary>Loads, asserting success with a message that lists the errors if it failed.</summary>
    public RuntimeConfig LoadValid()
    {
        var result = Load();
        Assert.True(result.Succeeded, "Expected the config to load, but got:\n" + string.Join("\n", result.Errors));
        Assert.Empty(result.Errors);
        return result.Config;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail the test that used it.
        }
    }
}
