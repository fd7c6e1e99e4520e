using System.Text;

namespace NeuralFunctional.Experiments.Reports;

/// <summary>One section of a report: its name (the element's id and <c>data-section</c>), its heading and its HTML.</summary>
public sealed record ReportSection(string Name, string Heading, string Body);

/// <summary>A whole report page: kind (<c>run</c>, <c>comparison</c>, <c>sweep</c>), title, a lead paragraph, facts
/// shown under the title, and the sections. <see cref="Render"/> writes the one self-contained HTML file: the style and
/// the script inlined, no link, no timestamp, so the same inputs give the same bytes.</summary>
public sealed record ReportPage(string Kind, string Title, string Lead, ImmutableArray<(string Name, string Value)> Facts, ImmutableArray<ReportSection> Sections)
{
    /// <summary>The generator named in the page's footer and meta tag.</summary>
    public const string Generator = "NeuralFunctional nf report";

    public string Render()
    {
        var b = new StringBuilder();
        b.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
         .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
         .Append($"<meta name=\"generator\" content=\"{Generator}\">\n")
         .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n")
         .Append($"<title>{Html.Escape(Title)}</title>\n<style>\n{Html.Style}</style>\n</head>\n")
         .Append($"<body data-report=\"{Kind}\">\n<header>\n<h1>{Html.Escape(Title)}</h1>\n");
        if (Lead.Length > 0) b.Append($"<p class=\"lead\">{Html.Escape(Lead)}</p>\n");
        if (!Facts.IsEmpty)
            b.Append("<ul class=\"facts\">").Append(string.Concat(Facts.Select(f => $"<li>{Html.Escape(f.Name)} <b>{Html.Escape(f.Value)}</b></li>"))).Append("</ul>\n");
        if (Sections.Length > 1)
            b.Append("<nav>").Append(string.Concat(Sections.Select(s => $"<a href=\"#{s.Name}\">{Html.Escape(s.Heading)}</a>"))).Append("</nav>\n");
        b.Append("</header>\n<main>\n");
        foreach (var s in Sections)
            b.Append($"<section id=\"{s.Name}\" data-section=\"{s.Name}\">\n<h2>{Html.Escape(s.Heading)}</h2>\n{s.Body}</section>\n");
        b.Append("</main>\n<footer>Written by ").Append(Generator)
         .Append(". Hover a point for its exact value; click a column header to sort.</footer>\n")
         .Append("<div id=\"tip\" role=\"tooltip\" hidden></div>\n<script>\n").Append(Html.Script).Append("</script>\n</body>\n</html>\n");
        return b.ToString();
    }

    /// <summary>A paragraph of muted text.</summary>
    public static string Note(string text) => $"<p class=\"note\">{Html.Escape(text)}</p>\n";

    /// <summary>A row of key figures.</summary>
    public static string Kpis(IEnumerable<(string Name, string Value, string? Tip)> figures) =>
        "<div class=\"kpis\">" + string.Concat(figures.Select(f =>
            $"<div class=\"kpi\"{(f.Tip is { } t ? $" data-tip=\"{Html.Escape(t)}\"" : "")}><span>{Html.Escape(f.Name)}</span><b>{Html.Escape(f.Value)}</b></div>")) + "</div>\n";

    /// <summary>JSON shown folded (the resolved experiment).</summary>
    public static string Folded(string summary, string json, bool open = false) =>
        $"<details{(open ? " open" : "")}><summary>{Html.Escape(summary)}</summary><pre>{Html.Escape(json)}</pre></details>\n";
}
