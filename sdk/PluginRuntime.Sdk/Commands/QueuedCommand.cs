namespace PluginRuntime.Sdk.Commands;

/// <summary>A command waiting in (or taken from) a <see cref="CommandQueue"/>.</summary>
internal sealed class QueuedCommand(byte[] data, CommandOptions options)
{
    public byte[] Data { get; } = data;

    public CommandOptions Options { get; } = options;

    /// <summary>Place in line among equal priorities; a replacement takes over the replaced command's number.</summary>
    public long Sequence { get; set; }

    public TaskCompletionSource<object?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Description => CommandPreview.Describe(Options.Name, Data);
}
