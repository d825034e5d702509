using Cooc.Certificates;
using Cooc.Ports;

namespace Cooc.Functions.Certificates;

/// <summary>
/// Renders and stores what a certificate's current revision lacks: the PDF and the signed credential go to blob
/// storage under names unique to this render, and only then does the document record them (ETag replace). A crash
/// in between leaves the document unchanged, so the next delivery renders again; a concurrent render that loses the
/// replace deletes its own blobs and uses the winner's.
/// </summary>
public sealed class CertificateArtifacts(CertificateStore store, IBlobStore blobs, CredentialSigner signer, CertificateLinks links,
    CertificateOptions options, TimeProvider time)
{
    public const string PdfType = "application/pdf";

    public async Task<StoredDocument<Certificate>> CompleteAsync(StoredDocument<Certificate> stored, CancellationToken ct)
    {
        while (!stored.Value.IsIssued)
        {
            var certificate = stored.Value;
            await store.EnsureIndexesAsync(certificate, ct);
            if (certificate.IsRevoked) await store.SetRevokedAsync(certificate, ct);
            var (pdfName, credentialName) = certificate.BlobNamesFor(certificate.Revision, Guid.NewGuid().ToString("N")[..12]);
            var credential = signer.SignCredential(certificate);
            var pdf = CertificatePdf.Render(certificate, options.OrganizationName(certificate.OrganizationId), links.Urls.Verification(certificate.VerificationCode));
            await blobs.PutAsync(BlobContainers.Certificates, pdfName, new MemoryStream(pdf), PdfType, ct);
            await blobs.PutAsync(BlobContainers.Certificates, credentialName, new MemoryStream(System.Text.Encoding.ASCII.GetBytes(credential)), CredentialSigner.MediaType, ct);
            var next = certificate.WithArtifacts(certificate.Revision, pdfName, credentialName, credential, time.GetUtcNow());
            if (await store.TryReplaceAsync(stored, next, ct) is { } replaced) return replaced;
            await blobs.DeleteAsync(BlobContainers.Certificates, pdfName, ct);
            await blobs.DeleteAsync(BlobContainers.Certificates, credentialName, ct);
            stored = await store.ReadAsync(certificate.CertificateId, ct)
                ?? throw new InvalidOperationException($"Certificate {certificate.CertificateId} disappeared.");
        }
        return stored;
    }
}
