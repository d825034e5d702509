using System.Text.Json;
using Cooc.Courses;
using Cooc.Functions.Courses;
using Cooc.Functions.Messaging;
using Cooc.Identity;
using Cooc.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Cooc.Api.Tests;

/// <summary>The scheduled catalog check, handled as the consumer would, after crashes around a course write.</summary>
public sealed class CatalogRepairTests(CoocApp app) : IClassFixture<CoocApp>
{
    private IMessageHandler Handler => app.Services.GetServices<IMessageHandler>().OfType<CheckCatalogHandler>().Single();

    private Task HandleAsync(string courseId, string organizationId) => Handler.HandleAsync(new ReceivedMessage(Queues.Catalog, "m",
        JsonSerializer.Serialize(new CheckCatalog(courseId, organizationId), DocumentJson.Options), null, 1, "lock", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, 1), default);

    private async Task<List<string>> ListedAsync(string org, string scope = "organization") =>
        (await (await app.SendAsync(HttpMethod.Get, $"/api/courses?scope={scope}&pageSize=200", app.Token("i", org, Role.Instructor))).ReadAsync<CoursePage>())
            .Items.Select(i => i.CourseId).ToList();

    [Fact]
    public async Task A_course_written_without_its_catalog_entries_is_listed_after_the_check()
    {
        var now = DateTimeOffset.UtcNow;
        var crashed = new Course("crs_crashed", "crs_crashed", "cat-org", "en", new() { ["en"] = "T" }, [], [], null, null, null,
            CourseVisibility.Public, CourseStatus.Published, "i", now, now, now);
        await app.Documents.CreateAsync(Containers.Courses, crashed.CourseId, crashed); // the process died before the catalog write
        Assert.DoesNotContain("crs_crashed", await ListedAsync("cat-org"));

        await HandleAsync("crs_crashed", "cat-org");
        Assert.Contains("crs_crashed", await ListedAsync("cat-org"));
        Assert.Contains("crs_crashed", await ListedAsync("other-org", "public"));
        await HandleAsync("crs_crashed", "cat-org"); // again: nothing changes
        Assert.Single(await ListedAsync("cat-org"), id => id == "crs_crashed");
    }

    [Fact]
    public async Task A_catalog_entry_whose_course_does_not_exist_is_removed()
    {
        var now = DateTimeOffset.UtcNow;
        var ghost = new Course("crs_ghost", "crs_ghost", "ghost-org", "en", new() { ["en"] = "T" }, [], [], null, null, null,
            CourseVisibility.Organization, CourseStatus.Published, "i", now, now, now);
        var partition = CatalogEntry.PartitionFor("ghost-org");
        await app.Documents.UpsertAsync(Containers.Courses, partition, CatalogEntry.For(ghost, partition));
        Assert.Contains("crs_ghost", await ListedAsync("ghost-org"));

        await HandleAsync("crs_ghost", "ghost-org");
        Assert.DoesNotContain("crs_ghost", await ListedAsync("ghost-org"));
    }

    [Fact]
    public async Task A_malformed_check_is_poison()
    {
        var message = new ReceivedMessage(Queues.Catalog, "m", "{}", null, 1, "lock", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, 1);
        await Assert.ThrowsAsync<PoisonMessageException>(() => Handler.HandleAsync(message, default));
    }
}
