namespace PluginRuntime.Core.Scripting.CSharp;

/// <summary>A script's build: the assembly and its portable PDB (for line numbers in stack traces).</summary>
internal sealed record CompiledScript(byte[] Image, byte[] Pdb);
