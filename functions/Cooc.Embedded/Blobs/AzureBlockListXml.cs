using System.Xml;
using System.Xml.Linq;
using Cooc.Ports;
using Microsoft.AspNetCore.Http;

namespace Cooc.Embedded.Blobs;

/// <summary>Azure Blob's block list XML: the Put Block List request body and the Get Block List response.</summary>
internal static class AzureBlockListXml
{
    // No DTDs and no resolver: no entity expansion, no external fetches.
    private static readonly XmlReaderSettings SafeReading = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
    };

    /// <summary>Reads &lt;BlockList&gt;&lt;Latest&gt;id&lt;/Latest&gt;...&lt;/BlockList&gt;, in order. Throws ArgumentException on bad XML.</summary>
    public static async Task<IReadOnlyList<string>> ReadAsync(Stream body, long maxBytes, CancellationToken ct)
    {
        // Buffered first: request bodies only allow async reads, XmlReader's convenient API is synchronous.
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
                throw new BadHttpRequestException($"A block list may be at most {maxBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
            buffer.Write(chunk, 0, read);
        }
        buffer.Position = 0;
        XElement root;
        try
        {
            using var reader = XmlReader.Create(buffer, SafeReading);
            root = XElement.Load(reader);
        }
        catch (XmlException e)
        {
            throw new ArgumentException($"The block list is not valid XML: {e.Message}", e);
        }
        if (root.Name.LocalName != "BlockList")
            throw new ArgumentException("The block list's root element must be <BlockList>.");
        return root.Elements().Select(element => element.Name.LocalName switch
        {
            // Every block here is an uncommitted one, so Latest and Uncommitted mean the same.
            "Latest" or "Uncommitted" => element.Value.Trim(),
            "Committed" => throw new ArgumentException(
                "The local blob store does not keep committed blocks: commit staged blocks as <Latest> or <Uncommitted>."),
            var other => throw new ArgumentException($"Unknown block list element <{other}>."),
        }).ToList();
    }

    public static string Write(bool includeCommitted, IReadOnlyList<StagedBlock>? uncommitted)
    {
        var root = new XElement("BlockList");
        if (includeCommitted)
            root.Add(new XElement("CommittedBlocks"));
        if (uncommitted is not null)
            root.Add(new XElement("UncommittedBlocks", uncommitted.Select(block =>
                new XElement("Block", new XElement("Name", block.BlockId), new XElement("Size", block.Length)))));
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>" + root.ToString(SaveOptions.DisableFormatting);
    }
}
