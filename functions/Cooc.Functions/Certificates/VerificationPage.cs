using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace Cooc.Functions.Certificates;

/// <summary>The verification answer as a small self-contained HTML page for people (no scripts, no external assets).</summary>
public static class VerificationPage
{
    public static string Render(VerificationView view)
    {
        var (headline, color) = view.Status switch
        {
            VerificationView.Valid => ("Valid certificate", "#1b7f3b"),
            VerificationView.Revoked => ("Revoked certificate", "#b3261e"),
            _ => ("This certificate could not be verified", "#b3261e"),
        };
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(E(headline)).Append("</title><style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222b38}")
            .Append("h1{color:").Append(color).Append("}dt{font-weight:600;margin-top:.8rem}dd{margin:0}</style></head><body>")
            .Append("<h1>").Append(E(headline)).Append("</h1><dl>");
        Row(html, "Learner", view.LearnerName);
        Row(html, "Course", view.Course);
        Row(html, "Issued by", view.Organization);
        Row(html, "Awarded", view.AwardedOn?.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture));
        Row(html, "Grade", view.Grade is null ? null : view.Grade + "%");
        Row(html, "Revoked", view.RevokedAt?.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture));
        Row(html, "Reason", view.RevocationReason);
        Row(html, "Verification code", view.VerificationCode);
        html.Append("</dl><p>The issuer's signature on this certificate's Open Badges credential was ")
            .Append(view.SignatureValid ? "checked and is valid" : "not valid").Append(". Issuer: <a href=\"")
            .Append(E(view.IssuerUrl)).Append("\">").Append(E(view.IssuerUrl)).Append("</a>.</p></body></html>");
        return html.ToString();
    }

    private static void Row(StringBuilder html, string label, string? value)
    {
        if (value is null) return;
        html.Append("<dt>").Append(E(label)).Append("</dt><dd>").Append(E(value)).Append("</dd>");
    }

    private static string E(string text) => HtmlEncoder.Default.Encode(text);
}
