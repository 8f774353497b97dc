// A YAML document as written: scalars, sequences and mappings with their source positions, built from
// YamlDotNet's event parser so that duplicate keys, aliases and positions are under our control.
using HwGen.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace HwGen.Spec;

public abstract record YamlNode(SourceSpan Span)
{
    /// <summary>Nodes reachable from here with aliases expanded; bounded to refuse alias bombs.</summary>
    public long ExpandedSize { get; init; } = 1;

    public abstract string KindName { get; }
}

public sealed record YamlScalar(SourceSpan Span, string Value, bool IsPlain) : YamlNode(Span)
{
    /// <summary>A plain `~`, `null`, or empty scalar.</summary>
    public bool IsNull => IsPlain && (Value.Length == 0 || Value is "~" or "null" or "Null" or "NULL");

    public override string KindName => IsNull ? "null" : "scalar";
}

public sealed record YamlSequence(SourceSpan Span, IReadOnlyList<YamlNode> Items) : YamlNode(Span)
{
    public override string KindName => "sequence";
}

public sealed record YamlEntry(YamlScalar Key, YamlNode Value);

public sealed record YamlMapping(SourceSpan Span, IReadOnlyList<YamlEntry> Entries) : YamlNode(Span)
{
    public override string KindName => "mapping";
}

/// <summary>What kind of YAML file is being read, for the messages of the file-level checks.</summary>
/// <param name="Name">The document's name in messages ("spec").</param>
/// <param name="WithArticle">The name with its article ("a spec").</param>
/// <param name="FirstKey">The key the document starts with ("hwgen_spec: 1").</param>
public sealed record YamlDocumentKind(string Name, string WithArticle, string FirstKey)
{
    public static YamlDocumentKind Spec { get; } = new("spec", "a spec", "hwgen_spec: 1");

    public static YamlDocumentKind EnergyTable { get; } = new("energy reference table", "an energy reference table", "ert: 1");

    public static YamlDocumentKind Calibration { get; } = new("calibration file", "a calibration file", "calibration: 1");
}

/// <summary>
/// Reads one YAML document into a <see cref="YamlNode"/> tree, reporting every problem as a diagnostic. Hostile shapes
/// are refused before anything recurses over them: <see cref="YamlShapeScan"/> bounds the text (control characters,
/// line length, nesting depth) and the tree builder bounds nodes, keys, values and the depth it really meets.
/// </summary>
public static class YamlTreeReader
{
    public const long MaxFileBytes = 1 << 20;
    public const long MaxExpandedNodes = 100_000;

    /// <summary>Nodes as written (keys, values, list items); a spec has a few hundred.</summary>
    public const long MaxNodes = 10_000;

    /// <summary>Collections inside collections; a spec nests five levels.</summary>
    public const int MaxDepth = 64;

    public const int MaxKeyLength = 256;
    public const int MaxScalarLength = 16_384;
    public const int MaxLineLength = 4_096;

    public static YamlNode? Read(byte[] bytes, string file, DiagnosticBag bag, YamlDocumentKind? kind = null)
    {
        kind ??= YamlDocumentKind.Spec;
        if (bytes.LongLength > MaxFileBytes)
        {
            bag.FileTooLarge(SourceSpan.StartOf(file), kind.WithArticle, bytes.LongLength, MaxFileBytes);
            return null;
        }

        var text = DecodeText(bytes, file, bag);
        if (text is null || !YamlShapeScan.Check(text, file, bag))
        {
            return null;
        }

        try
        {
            var builder = new TreeBuilder(file, bag, kind, new Parser(new StringReader(text)));
            return builder.ReadSingleDocument();
        }
        catch (YamlException ex)
        {
            bag.YamlSyntax(new SourceSpan(file, (int)ex.Start.Line, (int)ex.Start.Column), CleanMessage(ex.Message));
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
        {
            // YamlDotNet throws these without a position for some unterminated flow collections.
            var lines = text.Split('\n');
            bag.YamlSyntax(new SourceSpan(file, lines.Length, lines[^1].Length + 1), "unexpected end of the document: an unterminated flow collection or quoted scalar");
            return null;
        }
    }

    private static string? DecodeText(byte[] bytes, string file, DiagnosticBag bag)
    {
        var nul = Array.IndexOf(bytes, (byte)0);
        if (nul >= 0)
        {
            bag.BinaryFile(PositionOf(bytes, nul, file), nul);
            return null;
        }

        try
        {
            var text = new System.Text.UTF8Encoding(false, true).GetString(bytes);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (System.Text.DecoderFallbackException ex)
        {
            var offset = Math.Clamp(ex.Index, 0, bytes.Length - 1);
            bag.BinaryFile(PositionOf(bytes, offset, file), offset);
            return null;
        }
    }

    /// <summary>Line and column (in characters, as YAML positions count) of byte <paramref name="offset"/>.</summary>
    private static SourceSpan PositionOf(byte[] bytes, int offset, string file)
    {
        var lineStart = Array.LastIndexOf(bytes, (byte)'\n', Math.Max(0, offset - 1)) + 1;
        if (offset == 0)
        {
            lineStart = 0;
        }

        var line = 1 + bytes.AsSpan(0, lineStart).Count((byte)'\n');
        var column = 1 + System.Text.Encoding.UTF8.GetCharCount(bytes, lineStart, offset - lineStart);
        return new SourceSpan(file, line, column);
    }

    private static string CleanMessage(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 40) - (Line: 3, Col: 6, Idx: 41): "; the position is ours to print.
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        var text = message.StartsWith("(Line:", StringComparison.Ordinal) && cut >= 0 ? message[(cut + 3)..] : message;
        text = text.Trim().TrimEnd('.');
        return text.Length == 0 ? "invalid YAML" : char.ToLowerInvariant(text[0]) + text[1..];
    }

    private sealed class TreeBuilder(string file, DiagnosticBag bag, YamlDocumentKind kind, IParser parser)
    {
        private readonly Dictionary<string, YamlNode> anchors = new(StringComparer.Ordinal);
        private bool aliasLimitReported;
        private bool shapeLimitReported;
        private long nodes;
        private int depth;

        /// <summary>Stops reading at a limit that makes the rest of the document not worth building.</summary>
        private sealed class Refused : Exception;

        public YamlNode? ReadSingleDocument()
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out var end))
            {
                bag.EmptyDocument(Span(end.Start), kind.Name, kind.FirstKey);
                return null;
            }

            parser.Consume<DocumentStart>();
            YamlNode root;
            try
            {
                root = ReadNode();
            }
            catch (Refused)
            {
                return null;
            }

            parser.Consume<DocumentEnd>();
            if (!parser.Accept<StreamEnd>(out _) && parser.Current is DocumentStart second)
            {
                bag.MultipleDocuments(Span(second.Start), kind.Name);
                return null;
            }

            return aliasLimitReported || shapeLimitReported ? null : root;
        }

        private SourceSpan Span(Mark mark) => new(file, (int)mark.Line, (int)mark.Column);

        private YamlNode ReadNode()
        {
            var current = parser.Current ?? throw new InvalidOperationException("unexpected end of input");
            if (++nodes > MaxNodes)
            {
                bag.TooManyNodes(Span(current.Start), MaxNodes);
                throw new Refused();
            }

            if (current is SequenceStart or MappingStart)
            {
                // The text scan bounds the depth from the indentation and brackets; this is the depth as parsed.
                if (++depth > MaxDepth)
                {
                    bag.NestingTooDeep(Span(current.Start), MaxDepth);
                    throw new Refused();
                }

                try
                {
                    return ReadCollection(current);
                }
                finally
                {
                    depth--;
                }
            }

            switch (current)
            {
                case AnchorAlias alias:
                    parser.MoveNext();
                    if (!anchors.TryGetValue(alias.Value.Value, out var target))
                    {
                        throw new YamlException(alias.Start, alias.End, $"alias '*{alias.Value.Value}' refers to no anchor");
                    }

                    return target;
                case Scalar scalar:
                    parser.MoveNext();
                    if (scalar.Value.Length > MaxScalarLength)
                    {
                        bag.ScalarTooLong(Span(scalar.Start), scalar.Value.Length, MaxScalarLength);
                        shapeLimitReported = true;
                    }

                    return Remember(scalar.Anchor, new YamlScalar(Span(scalar.Start), scalar.Value, scalar.Style == ScalarStyle.Plain));
                default:
                    throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}");
            }
        }

        private YamlNode ReadCollection(ParsingEvent current)
        {
            switch (current)
            {
                case SequenceStart start:
                {
                    parser.MoveNext();
                    var items = new List<YamlNode>();
                    long size = 1;
                    while (!parser.TryConsume<SequenceEnd>(out _))
                    {
                        var item = ReadNode();
                        size += item.ExpandedSize;
                        items.Add(item);
                    }

                    return Remember(start.Anchor, new YamlSequence(Span(start.Start), items) { ExpandedSize = Bounded(size, start.Start) });
                }

                case MappingStart start:
                {
                    parser.MoveNext();
                    var entries = new List<YamlEntry>();
                    var seen = new Dictionary<string, YamlScalar>(StringComparer.Ordinal);
                    long size = 1;
                    while (!parser.TryConsume<MappingEnd>(out _))
                    {
                        var keyNode = ReadNode();
                        var value = ReadNode();
                        size += keyNode.ExpandedSize + value.ExpandedSize;
                        if (keyNode is not YamlScalar key)
                        {
                            bag.ComplexKey(keyNode.Span);
                            continue;
                        }

                        if (key.Value.Length > MaxKeyLength)
                        {
                            bag.KeyTooLong(key.Span, key.Value.Length, MaxKeyLength);
                            shapeLimitReported = true;
                            continue;
                        }

                        if (seen.TryGetValue(key.Value, out var first))
                        {
                            bag.DuplicateKey(key.Span, key.Value, first.Span);
                            continue;
                        }

                        seen.Add(key.Value, key);
                        entries.Add(new YamlEntry(key, value));
                    }

                    return Remember(start.Anchor, new YamlMapping(Span(start.Start), entries) { ExpandedSize = Bounded(size, start.Start) });
                }

                default:
                    throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}");
            }
        }

        private long Bounded(long size, Mark at)
        {
            if (size > MaxExpandedNodes && !aliasLimitReported)
            {
                aliasLimitReported = true;
                bag.AliasExpansionTooLarge(Span(at), MaxExpandedNodes);
            }

            return Math.Min(size, MaxExpandedNodes + 1);
        }

        private YamlNode Remember(AnchorName anchor, YamlNode node)
        {
            if (!anchor.IsEmpty)
            {
                anchors[anchor.Value] = node;
            }

            return node;
        }
    }
}
