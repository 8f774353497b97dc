// Plain aligned text tables for terminal output (numbers right-aligned).
using System.Text;

namespace HwGen.Report;

public static class TextTable
{
    public static string Render(IReadOnlyList<string[]> rows)
    {
        if (rows.Count == 0)
        {
            return string.Empty;
        }

        var columns = rows.Max(r => r.Length);
        var widths = Enumerable.Range(0, columns).Select(c => rows.Max(r => c < r.Length ? r[c].Length : 0)).ToArray();
        var sb = new StringBuilder();
        for (var i = 0; i < rows.Count; i++)
        {
            var cells = rows[i];
            for (var c = 0; c < columns; c++)
            {
                var cell = c < cells.Length ? cells[c] : string.Empty;
                var numeric = i > 0 && cell.Length > 0 && (char.IsDigit(cell[0]) || cell[0] == '-' && cell.Length > 1);
                sb.Append(numeric ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]));
                if (c < columns - 1)
                {
                    sb.Append("  ");
                }
            }

            sb.Append('\n');
            if (i == 0)
            {
                sb.Append(string.Join("  ", widths.Select(w => new string('-', w)))).Append('\n');
            }
        }

        return string.Join('\n', sb.ToString().Split('\n').Select(l => l.TrimEnd()));
    }
}
