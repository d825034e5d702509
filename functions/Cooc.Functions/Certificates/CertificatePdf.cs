using System.Globalization;
using Cooc.Certificates;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;

namespace Cooc.Functions.Certificates;

/// <summary>
/// The printable certificate: one A4 landscape page with the organization, the learner's name, the course, the date
/// and grade, the verification URL and its QR code. Text is DejaVu Sans, embedded (subset) with a Unicode mapping,
/// so the PDF looks the same everywhere and its text can be extracted and searched.
/// </summary>
public static class CertificatePdf
{
    private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);
    private static readonly XColor Ink = XColor.FromArgb(0x22, 0x2B, 0x38);
    private static readonly XColor Accent = XColor.FromArgb(0x1F, 0x5F, 0x8B);

    public static byte[] Render(Certificate certificate, string organizationName, string verificationUrl)
    {
        DejaVuFonts.Install();
        using var document = new PdfDocument();
        document.Info.Title = $"{certificate.CourseTitle}: {certificate.LearnerName}";
        document.Info.Author = organizationName;
        document.Info.Subject = "Certificate of completion";
        document.Info.CreationDate = certificate.UpdatedAt.UtcDateTime;
        var page = document.AddPage();
        page.Width = XUnit.FromMillimeter(297); // A4 landscape exactly (PageSize.A4 rounds to 842 x 595 pt)
        page.Height = XUnit.FromMillimeter(210);
        using (var graphics = XGraphics.FromPdfPage(page))
            Draw(graphics, page.Width.Point, page.Height.Point, certificate, organizationName, verificationUrl);
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static void Draw(XGraphics g, double width, double height, Certificate c, string organization, string url)
    {
        g.DrawRectangle(new XPen(Accent, 3), 24, 24, width - 48, height - 48);
        g.DrawRectangle(new XPen(Accent, 0.75), 32, 32, width - 64, height - 64);
        var text = width - 140;
        Centered(g, organization, Font(20, bold: true), Accent, width, 92, text);
        Centered(g, "Certificate of Completion", Font(30, bold: true), Ink, width, 150, text);
        Centered(g, "This certifies that", Font(14), Ink, width, 200, text);
        Centered(g, c.LearnerName, Font(32, bold: true), Ink, width, 250, text);
        Centered(g, "has successfully completed the course", Font(14), Ink, width, 295, text);
        Centered(g, c.CourseTitle, Font(22, bold: true), Accent, width, 338, text);
        var awarded = c.AwardedOn.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
        Centered(g, $"Awarded {awarded}  ·  Grade {c.Grade.ToString("0.#", CultureInfo.InvariantCulture)}%", Font(14), Ink, width, 380, text);

        const double qrSize = 96;
        var qrX = width - 70 - qrSize;
        var qrY = height - 66 - qrSize;
        DrawQr(g, url, qrX, qrY, qrSize);
        var small = Font(9);
        g.DrawString("Verify this certificate at", small, new XSolidBrush(Ink), new XPoint(70, height - 96));
        g.DrawString(url, Fit(g, url, 10, qrX - 90, bold: true), new XSolidBrush(Accent), new XPoint(70, height - 80));
        g.DrawString($"Certificate {c.VerificationCode}", small, new XSolidBrush(Ink), new XPoint(70, height - 64));
    }

    /// <summary>One line, centered, shrunk until it fits the width (long names and titles stay on the page).</summary>
    private static void Centered(XGraphics g, string line, XFont font, XColor color, double pageWidth, double baseline, double maxWidth)
    {
        var fitted = Fit(g, line, font.Size, maxWidth, font.Bold);
        var measured = g.MeasureString(line, fitted).Width;
        g.DrawString(line, fitted, new XSolidBrush(color), new XPoint((pageWidth - measured) / 2, baseline));
    }

    private static XFont Fit(XGraphics g, string line, double size, double maxWidth, bool bold)
    {
        var font = Font(size, bold);
        var width = g.MeasureString(line, font).Width;
        return width <= maxWidth ? font : Font(Math.Max(6, size * maxWidth / width), bold);
    }

    private static XFont Font(double size, bool bold = false) =>
        new(DejaVuFonts.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, Unicode);

    /// <summary>The QR code as vector squares (runs of dark modules per row): sharp at any zoom, and no image to decode.</summary>
    private static void DrawQr(XGraphics g, string url, double x, double y, double size)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        var modules = data.ModuleMatrix;
        var module = size / modules.Count;
        var ink = new XSolidBrush(XColors.Black);
        for (var row = 0; row < modules.Count; row++)
            for (var column = 0; column < modules.Count;)
            {
                if (!modules[row][column]) { column++; continue; }
                var start = column;
                while (column < modules.Count && modules[row][column]) column++;
                g.DrawRectangle(ink, x + start * module, y + row * module, (column - start) * module, module + 0.05); // overlap rows: no hairlines
            }
    }
}
