// A linear scan of YAML text that refuses hostile shapes before the parser or the tree builder recurses over them:
// tabs in indentation, control characters, overlong lines and collections nested too deep.
using HwGen.Diagnostics;

namespace HwGen.Spec;

public static class YamlShapeScan
{
    /// <summary>Problems of one kind reported per file before the scan stops counting them (hostile files repeat them).</summary>
    public const int MaxReportsPerKind = 20;

    /// <summary>True when the text may be parsed; otherwise every problem found is in <paramref name="bag"/>.</summary>
    public static bool Check(string text, string file, DiagnosticBag bag)
    {
        var scan = new Scanner(text, file, bag);
        scan.Run();
        return !scan.Found;
    }

    private sealed class Scanner(string text, string file, DiagnosticBag bag)
    {
        private readonly List<int> blockIndents = [];
        private int tabs;
        private int controls;
        private int longLines;
        private bool depthReported;

        // State that lasts across lines.
        private int flowDepth;
        private int blockDepthAtFlowStart;
        private char quote;
        private int blockScalarIndent = -1;

        public bool Found { get; private set; }

        public void Run()
        {
            var lineNumber = 0;
            var start = 0;
            while (start <= text.Length)
            {
                var end = text.IndexOf('\n', start);
                if (end < 0)
                {
                    end = text.Length;
                }

                lineNumber++;
                var line = text.AsSpan(start, end - start);
                if (line.Length > 0 && line[^1] == '\r')
                {
                    line = line[..^1];
                }

                CheckCharacters(line, lineNumber);
                if (!depthReported)
                {
                    ScanStructure(line, lineNumber);
                }

                start = end + 1;
            }
        }

        private SourceSpan At(int line, int column) => new(file, line, column);

        /// <summary>Tabs in indentation, control characters and the line length.</summary>
        private void CheckCharacters(ReadOnlySpan<char> line, int lineNumber)
        {
            if (line.Length > YamlTreeReader.MaxLineLength && longLines++ < MaxReportsPerKind)
            {
                bag.LineTooLong(At(lineNumber, YamlTreeReader.MaxLineLength + 1), line.Length, YamlTreeReader.MaxLineLength);
                Found = true;
            }

            // YAML forbids tabs in indentation; YamlDotNet reports them at 1:1, so locate them here.
            for (var c = 0; c < line.Length && (line[c] == ' ' || line[c] == '\t'); c++)
            {
                if (line[c] == '\t')
                {
                    if (tabs++ < MaxReportsPerKind)
                    {
                        bag.TabIndentation(At(lineNumber, c + 1));
                    }

                    Found = true;
                    break;
                }
            }

            for (var c = 0; c < line.Length; c++)
            {
                if (IsControl(line[c]))
                {
                    if (controls++ < MaxReportsPerKind)
                    {
                        bag.ControlCharacter(At(lineNumber, c + 1), line[c]);
                    }

                    Found = true;
                    break;
                }
            }
        }

        /// <summary>Characters outside YAML's printable set (tab, LF and CR aside; CR is cut off before this check).</summary>
        private static bool IsControl(char c) =>
            (c < 0x20 && c != '\t') || c == 0x7F || (c is >= '\u0080' and <= '\u009F' && c != '\u0085') || c is '\uFFFE' or '\uFFFF';

        /// <summary>
        /// Bounds the nesting depth from above: block collections nest by indentation and by compact indicators
        /// (<c>- - x</c>, <c>- key: v</c>), flow collections by brackets that open a node. Quoted and block scalars and
        /// comments are skipped. The tree builder checks the depth it really meets as well.
        /// </summary>
        private void ScanStructure(ReadOnlySpan<char> line, int lineNumber)
        {
            var i = 0;
            if (quote == '\0' && flowDepth == 0)
            {
                var indent = 0;
                while (indent < line.Length && line[indent] == ' ')
                {
                    indent++;
                }

                if (blockScalarIndent >= 0)
                {
                    if (indent == line.Length || indent > blockScalarIndent)
                    {
                        return; // content of a literal or folded scalar
                    }

                    blockScalarIndent = -1;
                }

                if (indent == line.Length || line[indent] == '#')
                {
                    return;
                }

                if (indent == 0 && (line.StartsWith("---") || line.StartsWith("...")))
                {
                    blockIndents.Clear();
                    i = 3;
                }

                while (blockIndents.Count > 0 && blockIndents[^1] >= indent)
                {
                    blockIndents.RemoveAt(blockIndents.Count - 1);
                }

                blockIndents.Add(indent);
                i = Math.Max(i, indent);
                ScanLine(line, lineNumber, i, indent);
                return;
            }

            ScanLine(line, lineNumber, 0, -1);
        }

        private void ScanLine(ReadOnlySpan<char> line, int lineNumber, int i, int indent)
        {
            var nodeStart = quote == '\0';
            var indicators = 0;
            var lineDepth = flowDepth > 0 ? blockDepthAtFlowStart : blockIndents.Count;
            if (quote != '\0')
            {
                i = SkipQuoted(line, i);
                if (quote != '\0')
                {
                    return;
                }

                nodeStart = false;
            }

            for (; i < line.Length; i++)
            {
                var c = line[i];
                var next = i + 1 < line.Length ? line[i + 1] : ' ';
                if (c == ' ')
                {
                    continue;
                }

                if (c == '#' && (i == 0 || line[i - 1] == ' '))
                {
                    return;
                }

                if ((c == '\'' || c == '"') && nodeStart)
                {
                    quote = c;
                    i = SkipQuoted(line, i + 1) - 1;
                    if (quote != '\0')
                    {
                        return;
                    }

                    nodeStart = false;
                    continue;
                }

                if ((c == '[' || c == '{') && (nodeStart || flowDepth > 0))
                {
                    if (flowDepth == 0)
                    {
                        blockDepthAtFlowStart = lineDepth + Math.Max(0, indicators - 1);
                    }

                    flowDepth++;
                    if (Deep(blockDepthAtFlowStart + flowDepth, lineNumber, i + 1))
                    {
                        return;
                    }

                    nodeStart = true;
                    continue;
                }

                if ((c == ']' || c == '}') && flowDepth > 0)
                {
                    flowDepth--;
                    nodeStart = false;
                    continue;
                }

                if (c == ',' && flowDepth > 0)
                {
                    nodeStart = true;
                    continue;
                }

                if ((c == '-' || c == '?') && next == ' ' && nodeStart && flowDepth == 0)
                {
                    // A compact block collection on the same line: `- - x`, `- key: v`.
                    indicators++;
                    if (Deep(lineDepth + indicators - 1, lineNumber, i + 1))
                    {
                        return;
                    }

                    continue;
                }

                if (c == ':' && (next == ' ' || (flowDepth > 0 && next is ',' or '[' or ']' or '{' or '}')))
                {
                    if (flowDepth == 0 && indicators > 0)
                    {
                        indicators++;
                        if (Deep(lineDepth + indicators - 1, lineNumber, i + 1))
                        {
                            return;
                        }
                    }

                    nodeStart = true;
                    continue;
                }

                if ((c == '&' || c == '!') && nodeStart)
                {
                    while (i + 1 < line.Length && line[i + 1] != ' ')
                    {
                        i++;
                    }

                    continue;
                }

                if ((c == '|' || c == '>') && nodeStart && flowDepth == 0)
                {
                    blockScalarIndent = Math.Max(0, indent);
                    return;
                }

                nodeStart = false;
            }

            if (flowDepth == 0 && indent >= 0 && Deep(lineDepth + Math.Max(0, indicators - 1), lineNumber, indent + 1))
            {
                return;
            }
        }

        /// <summary>Index after the closing quote of the current quoted scalar, or the line's end when it goes on.</summary>
        private int SkipQuoted(ReadOnlySpan<char> line, int i)
        {
            for (; i < line.Length; i++)
            {
                if (quote == '"' && line[i] == '\\')
                {
                    i++;
                    continue;
                }

                if (line[i] == quote)
                {
                    if (quote == '\'' && i + 1 < line.Length && line[i + 1] == '\'')
                    {
                        i++;
                        continue;
                    }

                    quote = '\0';
                    return i + 1;
                }
            }

            return line.Length;
        }

        private bool Deep(int depth, int lineNumber, int column)
        {
            if (depth <= YamlTreeReader.MaxDepth)
            {
                return false;
            }

            bag.NestingTooDeep(At(lineNumber, column), YamlTreeReader.MaxDepth);
            depthReported = true;
            Found = true;
            return true;
        }
    }
}
