// Liberty boolean functions ("(!((A B)+C))", "(A^B)", "DS0000"): parsed once into a tree, evaluated on pin values.
namespace HwGen.Synth.Liberty;

/// <summary>A parsed boolean function of a cell's pins (and internal state variables such as <c>DS0000</c>).</summary>
public abstract record LibertyFunction
{
    public abstract bool Evaluate(Func<string, bool> value);

    /// <summary>Every pin or variable name the function reads.</summary>
    public abstract IEnumerable<string> Inputs { get; }

    /// <summary>
    /// Parses Liberty's function syntax: <c>!</c> and postfix <c>'</c> negate, <c>^</c> is XOR, a space, <c>&amp;</c>
    /// or <c>*</c> is AND, <c>+</c> or <c>|</c> is OR (in that order of precedence); <c>0</c> and <c>1</c> are constants.
    /// </summary>
    public static LibertyFunction Parse(string text)
    {
        var parser = new Parser(text);
        var result = parser.Or();
        parser.SkipSpace();
        if (!parser.AtEnd)
        {
            throw new FormatException($"unexpected '{text[parser.Position]}' at position {parser.Position + 1} of function \"{text}\"");
        }

        return result;
    }

    private sealed class Parser(string text)
    {
        public int Position { get; private set; }

        public bool AtEnd => Position >= text.Length;

        public void SkipSpace()
        {
            while (!AtEnd && text[Position] == ' ')
            {
                Position++;
            }
        }

        private char? Peek()
        {
            SkipSpace();
            return AtEnd ? null : text[Position];
        }

        public LibertyFunction Or()
        {
            var left = And();
            while (Peek() is '+' or '|')
            {
                Position++;
                left = new OrFunction(left, And());
            }

            return left;
        }

        private LibertyFunction And()
        {
            var left = Xor();
            while (true)
            {
                var c = Peek();
                if (c is '&' or '*')
                {
                    Position++;
                }
                else if (c is null || !(c == '(' || c == '!' || char.IsLetterOrDigit(c.Value) || c == '_'))
                {
                    return left;
                }

                left = new AndFunction(left, Xor());
            }
        }

        private LibertyFunction Xor()
        {
            var left = Unary();
            while (Peek() == '^')
            {
                Position++;
                left = new XorFunction(left, Unary());
            }

            return left;
        }

        private LibertyFunction Unary()
        {
            if (Peek() == '!')
            {
                Position++;
                return new NotFunction(Unary());
            }

            var primary = Primary();
            while (!AtEnd && text[Position] == '\'')
            {
                Position++;
                primary = new NotFunction(primary);
            }

            return primary;
        }

        private LibertyFunction Primary()
        {
            var c = Peek() ?? throw new FormatException($"function \"{text}\" ends early");
            if (c == '(')
            {
                Position++;
                var inner = Or();
                if (Peek() != ')')
                {
                    throw new FormatException($"function \"{text}\": missing ')'");
                }

                Position++;
                return inner;
            }

            var start = Position;
            while (!AtEnd && (char.IsLetterOrDigit(text[Position]) || text[Position] is '_' or '[' or ']' or '.'))
            {
                Position++;
            }

            if (start == Position)
            {
                throw new FormatException($"unexpected '{c}' at position {start + 1} of function \"{text}\"");
            }

            var name = text[start..Position];
            return name switch
            {
                "0" => new ConstantFunction(false),
                "1" => new ConstantFunction(true),
                _ => new PinFunction(name),
            };
        }
    }
}

public sealed record PinFunction(string Pin) : LibertyFunction
{
    public override bool Evaluate(Func<string, bool> value) => value(Pin);

    public override IEnumerable<string> Inputs => [Pin];
}

public sealed record ConstantFunction(bool Value) : LibertyFunction
{
    public override bool Evaluate(Func<string, bool> value) => Value;

    public override IEnumerable<string> Inputs => [];
}

public sealed record NotFunction(LibertyFunction Operand) : LibertyFunction
{
    public override bool Evaluate(Func<string, bool> value) => !Operand.Evaluate(value);

    public override IEnumerable<string> Inputs => Operand.Inputs;
}

public sealed record AndFunction(LibertyFunction Left, LibertyFunction Right) : LibertyFunction
{
    public override bool Evaluate(Func<string, bool> value) => Left.Evaluate(value) && Right.Evaluate(value);

    public override IEnumerable<string> Inputs => Left.Inputs.Concat(Right.Inputs);
}

public sealed record OrFunction(LibertyFunction Left, LibertyFunction Right) : LibertyFunction
{
    public override bool Evaluate(Func<string, bool> value) => Left.Evaluate(value) || Right.Evaluate(value);

    public override IEnumerable<string> Inputs => Left.Inputs.Concat(Right.Inputs);
}

public sealed record XorFunction(LibertyFunction Left, LibertyFunction Right) : LibertyFunction
{
    public override bool Evaluate(Func<string, bool> value) => Left.Evaluate(value) ^ Right.Evaluate(value);

    public override IEnumerable<string> Inputs => Left.Inputs.Concat(Right.Inputs);
}
