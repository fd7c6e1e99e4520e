using System.Text;

namespace NeuralFunctional.Experiments.Reports;

/// <summary>A table column: its header and whether it holds numbers (sorted by value) or text.</summary>
public sealed record ReportColumn(string Header, bool Numeric = false);

/// <summary>A table cell: its text, and for a number its exact value (the cell's <c>data-value</c>, what sorting uses).</summary>
public sealed record ReportCell(string Text, double? Value = null, string? Tip = null)
{
    /// <summary>A number shown to four significant digits, its exact value kept for sorting and in its tip.</summary>
    public static ReportCell Of(double value) => new(Html.Short(value), value, Html.Number(value));

    /// <summary>A number shown exactly (shortest round-trip form).</summary>
    public static ReportCell Exact(double value) => new(Html.Number(value), value);

    /// <summary>A number, or an empty cell for none.</summary>
    public static ReportCell Of(double? value) => value is { } v ? Of(v) : new ReportCell("");

    public static implicit operator ReportCell(string text) => new(text);
}

/// <summary>A row: its cells and a class (<c>changed</c>, <c>flipped</c>) that highlights it.</summary>
public sealed record ReportRow(ImmutableArray<ReportCell> Cells, string? Class = null);

/// <summary>A sortable table (<c>table.data</c>: click a header to sort, again to reverse), with a filter box when
/// <see cref="Filter"/> is set. Every value is written; nothing is thinned.</summary>
public sealed record ReportTable(string Name, ImmutableArray<ReportColumn> Columns, ImmutableArray<ReportRow> Rows)
{
    public bool Filter { get; init; }

    public string Render()
    {
        var b = new StringBuilder();
        if (Filter)
            b.Append($"<div class=\"tools\"><input type=\"search\" class=\"filter\" data-filter=\"{Html.Escape(Name)}\" placeholder=\"filter rows\" aria-label=\"filter the rows of {Html.Escape(Name)}\">"
                + $"<span data-count=\"{Html.Escape(Name)}\">{Html.Int(Rows.Length)} rows</span></div>\n");
        b.Append(Rows.Length > 20 ? "<div class=\"scroll\">" : "<div>");
        b.Append($"<table class=\"data\" data-table=\"{Html.Escape(Name)}\">\n<thead><tr>");
        foreach (var c in Columns)
            b.Append($"<th data-type=\"{(c.Numeric ? "number" : "text")}\">{Html.Escape(c.Header)}</th>");
        b.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in Rows)
        {
            b.Append(row.Class is null ? "<tr>" : $"<tr class=\"{row.Class}\">");
            for (var i = 0; i < row.Cells.Length; i++)
            {
                var cell = row.Cells[i];
                var numeric = i < Columns.Length && Columns[i].Numeric;
                b.Append("<td");
                if (numeric) b.Append(" class=\"num\"");
                if (cell.Value is { } v) b.Append($" data-value=\"{Html.Number(v)}\"");
                if (cell.Tip is { } tip && tip != cell.Text) b.Append($" title=\"{Html.Escape(tip)}\"");
                b.Append('>').Append(Html.Escape(cell.Text)).Append("</td>");
            }
            b.Append("</tr>\n");
        }
        b.Append("</tbody></table></div>\n");
        return b.ToString();
    }
}
