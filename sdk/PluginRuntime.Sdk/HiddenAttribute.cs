namespace PluginRuntime.Sdk;

/// <summary>Keeps a public method of a driver from being callable from outside (exec, cross-module calls).</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = true)]
public sealed class HiddenAttribute : Attribute;
