using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Cooc.Api.Tests.Certificates;

/// <summary>Checks a verifier would make, written without the app's own code: JOSE by Microsoft.IdentityModel, GZIP and PDF text by hand and poppler.</summary>
public static class CredentialChecks
{
    /// <summary>Validates a vc+jwt against the issuer's published JWKS (fetched over HTTP) and returns its payload.</summary>
    public static async Task<TokenValidationResult> ValidateAsync(HttpClient client, string jwt, string issuerUrl)
    {
        var jwks = new JsonWebKeySet(await client.GetStringAsync(issuerUrl + "/jwks"));
        return await new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            ValidIssuer = issuerUrl,
            ValidateAudience = false,
            RequireExpirationTime = false,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        });
    }

    public static JsonObject Payload(string jwt) => JsonNode.Parse(Base64UrlEncoder.DecodeBytes(jwt.Split('.')[1]))!.AsObject();

    public static string WithPayload(string jwt, JsonObject payload)
    {
        var parts = jwt.Split('.');
        return $"{parts[0]}.{Base64UrlEncoder.Encode(payload.ToJsonString())}.{parts[2]}";
    }

    /// <summary>The bitstring of a status list credential's encodedList: multibase 'u' + base64url of GZIP.</summary>
    public static byte[] Bitstring(JsonObject statusListCredential)
    {
        var encoded = (string)statusListCredential["credentialSubject"]!["encodedList"]!;
        Assert.StartsWith("u", encoded);
        using var gzip = new GZipStream(new MemoryStream(Base64UrlEncoder.DecodeBytes(encoded[1..])), CompressionMode.Decompress);
        using var bits = new MemoryStream();
        gzip.CopyTo(bits);
        return bits.ToArray();
    }

    public static bool IsSet(byte[] bits, int index) => (bits[index / 8] & (0x80 >> (index % 8))) != 0;

    /// <summary>The PDF's text as poppler's pdftotext extracts it (tools/ensure-poppler.sh installs poppler-utils).</summary>
    public static Task<string> PdfTextAsync(byte[] pdf) => PopplerAsync("pdftotext", pdf, "-enc", "UTF-8", "{file}", "-");

    /// <summary>Runs a poppler-utils tool (pdftotext, pdfinfo, pdffonts) on the PDF; "{file}" in args is the PDF's path.</summary>
    public static async Task<string> PopplerAsync(string tool, byte[] pdf, params string[] args)
    {
        var folder = Directory.CreateTempSubdirectory("cert-");
        try
        {
            var file = Path.Combine(folder.FullName, "certificate.pdf");
            await File.WriteAllBytesAsync(file, pdf);
            var arguments = args.Length == 0 ? [file] : args.Select(a => a == "{file}" ? file : a).ToArray();
            var start = new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
            Process process;
            try { process = Process.Start(start)!; }
            catch (System.ComponentModel.Win32Exception) { throw new InvalidOperationException($"{tool} is missing: run tools/ensure-poppler.sh"); }
            using (process)
            {
                var output = process.StandardOutput.ReadToEndAsync();
                var errors = await process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync();
                Assert.True(process.ExitCode == 0, $"{tool} failed: {errors}");
                return await output;
            }
        }
        finally { folder.Delete(recursive: true); }
    }
}
