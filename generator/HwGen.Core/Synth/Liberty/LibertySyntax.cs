// Liberty (.lib) syntax: groups `name (args) { ... }`, simple attributes `name : value ;` and complex attributes
// `name (v1, v2, ...) ;`, block comments and backslash line continuations. Read into a tree of located groups.
using System.Text;
using HwGen.Diagnostics;

namespace HwGen.Synth.Liberty;

/// <summary>One attribute: a simple one (<c>area : 32;</c>, one value) or a complex one (<c>index_1 ("0.1, 0.2");</c>).</summary>
public sealed record LibertyAttribute(string Name, IReadOnlyList<string> Values, SourceSpan At)
{
    public string Value => Values.Count > 0 ? Values[0] : string.Empty;
}

/// <summary>A group: its kind (<c>cell</c>, <c>pin</c>, ...), arguments, attributes and subgroups, in file order.</summary>
public sealed class LibertyGroup(string kind, IReadOnlyList<string> arguments, SourceSpan at)
{
    public string Kind { get; } = kind;

    public IReadOnlyList<string> Arguments { get; } = arguments;

    public SourceSpan At { get; } = at;

    public List<LibertyAttribute> Attributes { get; } = [];

    public List<LibertyGroup> Groups { get; } = [];

    /// <summary>The first argument (the cell or pin name), or "".</summary>
    public string Name => Arguments.Count > 0 ? Arguments[0] : string.Empty;

    public LibertyAttribute? Attribute(string name) => Attributes.FirstOrDefault(a => a.Name == name);

    public IEnumerable<LibertyGroup> GroupsOf(string kind) => Groups.Where(g => g.Kind == kind);
}


public static class LibertySyntax
{
    /// <summary>Parses <paramref name="text"/> (named <paramref name="file"/> in messages) into its top-level group.</summary>
    public static LibertyGroup Parse(string text, string file)
    {
        var tokens = Tokenize(text, file);
        var position = 0;
        var root = ParseGroupOrAttribute(tokens, ref position, file) as LibertyGroup
            ?? throw Fail(file, tokens[0].At, "expected a top-level 'library (name) { ... }' group");
        if (tokens[position].Kind != TokenKind.End)
        {
            throw Fail(file, tokens[position].At, $"unexpected '{tokens[position].Text}' after the library group");
        }

        return root;
    }

    private enum TokenKind
    {
        Word,
        String,
        Symbol,
        End,
    }

    private readonly record struct Token(TokenKind Kind, string Text, SourceSpan At);

    private static object ParseGroupOrAttribute(List<Token> tokens, ref int i, string file)
    {
        var name = tokens[i];
        if (name.Kind != TokenKind.Word)
        {
            throw Fail(file, name.At, $"expected a group or attribute name, found '{Show(name)}'");
        }

        i++;
        var next = tokens[i];
        if (next.Kind == TokenKind.Symbol && next.Text == ":")
        {
            i++;
            var value = tokens[i];
            if (value.Kind is not (TokenKind.Word or TokenKind.String))
            {
                throw Fail(file, value.At, $"attribute '{name.Text}' has no value");
            }

            i++;
            // The value may run on as words (e.g. `clear_preset_var1 : L ;`); the terminating ';' is optional before a newline-less '}'.
            var text = new StringBuilder(value.Text);
            while (tokens[i].Kind == TokenKind.Word && !(tokens[i + 1].Kind == TokenKind.Symbol && tokens[i + 1].Text is ":" or "("))
            {
                text.Append(' ').Append(tokens[i].Text);
                i++;
            }

            Expect(tokens, ref i, ";", file, optional: true);
            return new LibertyAttribute(name.Text, [text.ToString()], name.At);
        }

        if (next.Kind != TokenKind.Symbol || next.Text != "(")
        {
            throw Fail(file, next.At, $"after '{name.Text}' expected ':' or '(', found '{Show(next)}'");
        }

        i++;
        var arguments = new List<string>();
        while (!(tokens[i].Kind == TokenKind.Symbol && tokens[i].Text == ")"))
        {
            var argument = tokens[i];
            if (argument.Kind is not (TokenKind.Word or TokenKind.String))
            {
                throw Fail(file, argument.At, $"in '{name.Text}(...)' expected a value, found '{Show(argument)}'");
            }

            arguments.Add(argument.Text);
            i++;
            if (tokens[i].Kind == TokenKind.Symbol && tokens[i].Text == ",")
            {
                i++;
            }
        }

        i++;
        if (tokens[i].Kind == TokenKind.Symbol && tokens[i].Text == "{")
        {
            i++;
            var group = new LibertyGroup(name.Text, arguments, name.At);
            while (!(tokens[i].Kind == TokenKind.Symbol && tokens[i].Text == "}"))
            {
                if (tokens[i].Kind == TokenKind.End)
                {
                    throw Fail(file, name.At, $"group '{name.Text}' is not closed with '}}'");
                }

                switch (ParseGroupOrAttribute(tokens, ref i, file))
                {
                    case LibertyGroup sub:
                        group.Groups.Add(sub);
                        break;
                    case LibertyAttribute attribute:
                        group.Attributes.Add(attribute);
                        break;
                }
            }

            i++;
            return group;
        }

        Expect(tokens, ref i, ";", file, optional: true);
        return new LibertyAttribute(name.Text, arguments, name.At);
    }

    private static void Expect(List<Token> tokens, ref int i, string symbol, string file, bool optional)
    {
        if (tokens[i].Kind == TokenKind.Symbol && tokens[i].Text == symbol)
        {
            i++;
        }
        else if (!optional)
        {
            throw Fail(file, tokens[i].At, $"expected '{symbol}', found '{Show(tokens[i])}'");
        }
    }

    private static string Show(Token t) => t.Kind == TokenKind.End ? "end of file" : t.Text;

    private static List<Token> Tokenize(string text, string file)
    {
        var tokens = new List<Token>();
        int line = 1, column = 1, i = 0;
        void Advance(int n)
        {
            for (var k = 0; k < n; k++, i++)
            {
                if (text[i] == '\n')
                {
                    line++;
                    column = 1;
                }
                else
                {
                    column++;
                }
            }
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                Advance(1);
                continue;
            }

            if (c == '\\' && i + 1 < text.Length && (text[i + 1] == '\n' || text[i + 1] == '\r'))
            {
                Advance(1);
                continue;
            }

            var at = new SourceSpan(file, line, column);
            if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw Fail(file, at, "comment is not closed with '*/'");
                }

                Advance(end + 2 - i);
                continue;
            }

            if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    Advance(1);
                }

                continue;
            }

            if (c == '"')
            {
                var sb = new StringBuilder();
                Advance(1);
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length && (text[i + 1] == '\n' || text[i + 1] == '\r'))
                    {
                        Advance(1);
                        continue;
                    }

                    sb.Append(text[i]);
                    Advance(1);
                }

                if (i >= text.Length)
                {
                    throw Fail(file, at, "string is not closed with '\"'");
                }

                Advance(1);
                tokens.Add(new Token(TokenKind.String, sb.ToString(), at));
                continue;
            }

            if (c is '(' or ')' or '{' or '}' or ':' or ';' or ',')
            {
                tokens.Add(new Token(TokenKind.Symbol, c.ToString(), at));
                Advance(1);
                continue;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')' or '{' or '}' or ':' or ';' or ',' or '"'))
            {
                if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '*')
                {
                    break;
                }

                Advance(1);
            }

            if (i == start)
            {
                throw Fail(file, at, $"unexpected character '{c}'");
            }

            tokens.Add(new Token(TokenKind.Word, text[start..i], at));
        }

        tokens.Add(new Token(TokenKind.End, string.Empty, new SourceSpan(file, line, column)));
        return tokens;
    }

    /// <summary>A located HW1101 problem, thrown as the DiagnosticException every verb prints (exit 3: the cell library is part of the toolchain).</summary>
    internal static DiagnosticException Fail(string file, SourceSpan at, string message)
    {
        var bag = new DiagnosticBag();
        bag.LibertySyntax(at, message);
        return new DiagnosticException(bag.Items);
    }
}
