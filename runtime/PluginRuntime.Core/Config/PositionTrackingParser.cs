using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PluginRuntime.Core.Config;

/// <summary>
/// Wraps a YAML parser and remembers how far it got and which flow collections (<c>[</c> / <c>{</c>) are still
/// open. An unclosed bracket is the commonest hand-editing slip, and YamlDotNet reports it at the end of the file
/// (or, for some input, throws an exception with no position at all); the open bracket is the place to point at.
/// </summary>
internal sealed class PositionTrackingParser(IParser inner) : IParser
{
    private readonly Stack<(Mark Start, bool Flow, char Open)> _open = new();

    /// <summary>Where the last successfully parsed event ended.</summary>
    public Mark LastGoodEnd { get; private set; } = Mark.Empty;

    /// <summary>The innermost <c>[</c> or <c>{</c> not yet closed, if any.</summary>
    public (Mark Start, char Open, char Close)? OpenFlowCollection =>
        _open.FirstOrDefault(c => c.Flow) is { Flow: true } c ? (c.Start, c.Open, c.Open == '[' ? ']' : '}') : null;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }
        var current = inner.Current!;
        LastGoodEnd = current.End;
        switch (current)
        {
            case SequenceStart sequence:
                _open.Push((sequence.Start, sequence.Style == SequenceStyle.Flow, '['));
                break;
            case MappingStart mapping:
                _open.Push((mapping.Start, mapping.Style == MappingStyle.Flow, '{'));
                break;
            case SequenceEnd or MappingEnd:
                _open.TryPop(out _);
                break;
        }
        return true;
    }
}
