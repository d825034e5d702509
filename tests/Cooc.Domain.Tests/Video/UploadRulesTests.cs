using System.Text;
using System.Text.Json;
using Cooc.Common;
using Cooc.Ports;
using Cooc.Video;

namespace Cooc.Domain.Tests.Video;

public sealed class UploadRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private const long MiB = 1024 * 1024;
    private const long GiB = 1024 * MiB;

    private static UploadPlan Planned(long size, UploadLimits? limits = null) =>
        UploadRules.Plan(new UploadRequest("lecture 1.mp4", size, "video/mp4"), limits ?? UploadLimits.Default, Now).Value!;

    private static UploadSession Session(long size, UploadLimits? limits = null) =>
        UploadRules.Open(Planned(size, limits), "upl_1", "c1", "l1", "acme", "teacher", Now);

    private static IEnumerable<(string, long)> AllStaged(UploadSession s) =>
        Enumerable.Range(0, s.BlockCount).Select(i => (UploadRules.BlockId(i), s.BlockLength(i)));

    [Fact]
    public void Ten_gigabytes_fit_in_8_mib_blocks_and_a_short_last_block()
    {
        var plan = Planned(10 * GiB);
        Assert.Equal(8 * MiB, plan.BlockSize);
        Assert.Equal(1280, plan.BlockCount);
        Assert.Equal(8 * MiB, plan.LastBlockLength);
        var shortLast = Planned(10 * GiB - 3);
        Assert.Equal((1280, 8 * MiB - 3), (shortLast.BlockCount, shortLast.LastBlockLength));
        Assert.Equal(Now.AddHours(24), plan.ExpiresAt);
    }

    [Fact]
    public void The_block_size_doubles_until_the_file_fits_in_50000_blocks()
    {
        var plan = Planned(10 * GiB, new UploadLimits { PreferredBlockSize = 100 * 1024 });
        Assert.Equal(400 * 1024, plan.BlockSize);
        Assert.Equal(26_215, plan.BlockCount);
        Assert.Equal(16 * MiB, UploadRules.BlockSizeFor(500 * GiB, (int)(8 * MiB)));
        Assert.Equal(UploadRules.MaxBlockCount, UploadRules.BlockCountFor(50_000 * 8 * MiB, UploadRules.BlockSizeFor(50_000 * 8 * MiB, (int)(8 * MiB))));
    }

    [Theory]
    [InlineData(null, 10L, "video/mp4", "fileName")]
    [InlineData("  ", 10L, "video/mp4", "fileName")]
    [InlineData("../x.mp4", 10L, "video/mp4", "fileName")]
    [InlineData("dir\\x.mp4", 10L, "video/mp4", "fileName")]
    [InlineData("x.mp4", 0L, "video/mp4", "size")]
    [InlineData("x.mp4", 10L * GiB + 1, "video/mp4", "size")]
    [InlineData("x.mp4", null, "video/mp4", "size")]
    [InlineData("x.mp4", 10L, "image/png", "contentType")]
    [InlineData("x.mp4", 10L, "video/", "contentType")]
    [InlineData("x.mp4", 10L, null, "contentType")]
    public void Uploads_are_validated_field_by_field(string? name, long? size, string? type, string field)
    {
        var refusal = UploadRules.Plan(new UploadRequest(name, size, type), UploadLimits.Default, Now).Refusal!;
        Assert.Equal(RefusalKind.Invalid, refusal.Kind);
        Assert.Equal([field], refusal.Errors!.Keys);
    }

    [Fact]
    public void Content_types_are_normalized_and_octet_stream_is_accepted()
    {
        Assert.Equal("video/quicktime", UploadRules.Plan(new("a.mov", 1, "Video/QuickTime; charset=x"), UploadLimits.Default, Now).Value!.ContentType);
        Assert.Equal("application/octet-stream", UploadRules.Plan(new("a.mkv", 1, "application/octet-stream"), UploadLimits.Default, Now).Value!.ContentType);
        Assert.True(UploadRules.Plan(new("a.mp4", 2 * GiB, "video/mp4"), new UploadLimits { MaxBytes = GiB }, Now).IsRefused);
    }

    [Fact]
    public void Block_ids_have_one_length_and_name_their_index()
    {
        var ids = new[] { 0, 9, 12_345, 49_999 }.Select(UploadRules.BlockId).ToList();
        Assert.Single(ids.Select(id => id.Length).Distinct());
        Assert.Equal("block-012345", Encoding.ASCII.GetString(Convert.FromBase64String(ids[2])));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Throws<ArgumentOutOfRangeException>(() => UploadRules.BlockId(UploadRules.MaxBlockCount));
    }

    [Fact]
    public void A_session_is_an_upload_document_of_the_course_partition()
    {
        var session = Session(20 * MiB);
        Assert.Equal("upload:upl_1", session.Id);
        Assert.Equal("upl_1", session.UploadId);
        Assert.Equal("c1/l1/sources/upl_1", session.BlobName);
        Assert.Equal([8 * MiB, 8 * MiB, 4 * MiB], Enumerable.Range(0, session.BlockCount).Select(session.BlockLength));
        var json = JsonSerializer.Serialize(session, DocumentJson.Options);
        Assert.Contains("\"kind\":\"upload\"", json);
        Assert.Contains("\"status\":\"open\"", json);
        Assert.Equal(session, JsonSerializer.Deserialize<UploadSession>(json, DocumentJson.Options));
    }

    [Fact]
    public void Missing_blocks_are_the_unstaged_and_the_wrong_sized_in_order()
    {
        var session = Session(20 * MiB);
        var staged = new List<(string, long)> { (UploadRules.BlockId(2), 4 * MiB), (UploadRules.BlockId(1), 100), ("stray", 5) };
        Assert.Equal([UploadRules.BlockId(0), UploadRules.BlockId(1)], UploadRules.MissingBlocks(session, staged));
        Assert.Empty(UploadRules.MissingBlocks(session, [new StagedBlock(UploadRules.BlockId(0), 8 * MiB), new StagedBlock(UploadRules.BlockId(1), 8 * MiB), new StagedBlock(UploadRules.BlockId(2), 4 * MiB)]));
    }

    [Fact]
    public void A_short_last_block_completes_but_a_short_middle_block_does_not()
    {
        var session = Session(20 * MiB);
        Assert.Null(UploadRules.RefuseCompletion(session, AllStaged(session), Now));
        var shortMiddle = AllStaged(session).Select((b, i) => i == 1 ? (b.Item1, 4 * MiB) : b);
        var refusal = UploadRules.RefuseCompletion(session, shortMiddle, Now)!;
        Assert.Equal(RefusalKind.Conflict, refusal.Kind);
        Assert.Contains("first is block 1", refusal.Detail);
    }

    [Fact]
    public void Expired_and_completed_sessions_cannot_complete()
    {
        var session = Session(MiB);
        Assert.Equal("The upload session expired.", UploadRules.RefuseCompletion(session, AllStaged(session), Now.AddHours(24))!.Title);
        Assert.True(session.IsExpired(Now.AddHours(24)));
        Assert.False(session.IsExpired(Now.AddHours(23)));
        Assert.True(session.Expire().IsExpired(Now));
        Assert.Equal("The upload is already complete.", UploadRules.RefuseCompletion(session.Complete(), AllStaged(session), Now)!.Title);
        Assert.Equal(UploadStatus.Completed, session.Complete().Expire().Status);
    }

    [Fact]
    public void The_ingest_message_id_is_the_same_for_every_completion_and_fits_service_bus()
    {
        Assert.Equal("video-ingest:c1:l1:upl_1", UploadRules.IngestMessageId("c1", "l1", "upl_1"));
        var longId = new string('x', 100);
        var hashed = UploadRules.IngestMessageId(longId, longId, "u");
        Assert.Equal(hashed, UploadRules.IngestMessageId(longId, longId, "u"));
        Assert.NotEqual(hashed, UploadRules.IngestMessageId(longId, longId, "v"));
        Assert.True(hashed.Length <= UploadRules.MaxMessageIdLength);
    }

    [Fact]
    public void The_ingest_message_names_the_source_and_packages_it_as_the_upload_version()
    {
        var message = UploadRules.IngestMessageFor(Session(MiB));
        Assert.Equal("video-ingest:c1:l1:upl_1", message.MessageId);
        var body = JsonSerializer.Deserialize<VideoIngestMessage>(message.Body, DocumentJson.Options)!;
        Assert.Equal(new VideoIngestMessage("c1", "l1", "acme", "upl_1", "c1/l1/sources/upl_1", "upl_1"), body);
    }
}
