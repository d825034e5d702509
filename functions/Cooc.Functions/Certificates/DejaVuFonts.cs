using PdfSharp.Fonts;

namespace Cooc.Functions.Certificates;

/// <summary>
/// PDFsharp finds no system fonts on Linux (or in Azure), so it needs a font resolver: this one serves DejaVu Sans
/// Book and Bold, shipped as embedded resources (Certificates/Fonts, with the DejaVu license), for every family name.
/// DejaVu Sans covers Latin, Greek, Cyrillic, Armenian and Georgian among others; see README "Certificates".
/// </summary>
public sealed class DejaVuFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";

    private static readonly Lazy<byte[]> RegularFace = new(() => Load(Regular));
    private static readonly Lazy<byte[]> BoldFace = new(() => Load(Bold));
    private static readonly object Gate = new();
    private static bool installed;

    /// <summary>PDFsharp's resolver is process-wide and may be set only once, before any font is used.</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (installed) return;
            GlobalFontSettings.FontResolver = new DejaVuFonts();
            installed = true;
        }
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
        new(isBold ? Bold : Regular, mustSimulateBold: false, mustSimulateItalic: isItalic);

    public byte[] GetFont(string faceName) => faceName == Bold ? BoldFace.Value : RegularFace.Value;

    private static byte[] Load(string face)
    {
        using var stream = typeof(DejaVuFonts).Assembly.GetManifestResourceStream($"Cooc.Fonts.{face}.ttf")
            ?? throw new InvalidOperationException($"The embedded font {face}.ttf is missing from the build.");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }
}
