namespace TestDrivers.ScriptLibrary;

/// <summary>Something for a script to call from a referenced assembly.</summary>
public static class Greetings
{
    public static string Greet(string name) => $"Hello, {name}, from a referenced assembly";
}
