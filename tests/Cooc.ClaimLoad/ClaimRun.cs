using System.Diagnostics;

namespace Cooc.ClaimLoad;

/// <summary>What one claim or review took, what it answered, and when it was sent (ms since its run began).</summary>
public readonly record struct Sample(double Milliseconds, int Status, double SentAtMs = 0);

/// <summary>The latencies a run recorded, by kind of request.</summary>
public sealed class RunResults
{
    public List<Sample> NewClaims { get; } = [];
    public List<Sample> RepeatedClaims { get; } = [];
    public List<Sample> Reviews { get; } = [];
    public int NothingWaiting { get; set; }
    public int ExtraReviews { get; set; }

    public void Add(RunResults other)
    {
        NewClaims.AddRange(other.NewClaims);
        RepeatedClaims.AddRange(other.RepeatedClaims);
        Reviews.AddRange(other.Reviews);
        NothingWaiting += other.NothingWaiting;
        ExtraReviews += other.ExtraReviews;
    }
}

/// <summary>Learners handed to clients in turn, wrapping around when all were handed out (or not: then null).</summary>
public sealed class LearnerPool(IReadOnlyList<string> learners, bool wrap = true)
{
    private int next = -1;

    public string? Next()
    {
        var i = Interlocked.Increment(ref next);
        return wrap ? learners[(int)((uint)i % (uint)learners.Count)] : i < learners.Count ? learners[i] : null;
    }
}

/// <summary>
/// Closed-loop clients, each a learner with its own token: claim; then, with probability ReviewShare, submit the review
/// (the next claim hands out a new lease); otherwise leave the lease open, so the next claim hands the same one back
/// (a reviewer returning to the page). After ReviewsPerLearner reviews (0: never) the client goes on as the next
/// learner of the pool, as learners do their few required reviews and leave. Each client sends its next request as
/// soon as the previous one answered, or, with claimsPerSecond set, at its share of that rate (open loop: a client that
/// falls behind sends at once, so a rate the app cannot serve turns back into a closed loop). With claimsPerLearner set,
/// a client also goes on as the next learner after that many claims, and stops when the pool is used up.
/// </summary>
public sealed class ClaimRun(CoocApi api, LocalTokens tokens, string assignmentId, double reviewShare, int reviewsPerLearner, double claimsPerSecond = 0,
    int claimsPerLearner = 0)
{
    private int clientCount = 1;
    private long runStart;

    private static readonly object ReviewBody = new
    {
        options = new Dictionary<string, int> { ["ideas"] = 2, ["style"] = 1, ["grammar"] = 1 },
        feedback = new Dictionary<string, string> { ["ideas"] = "Clear argument; give one more example." },
        overallFeedback = "Thanks for sharing.",
    };

    /// <summary>Runs the clients with learners from the pool until the time is up; samples are kept only when record is true.</summary>
    public async Task<RunResults> RunAsync(int clients, LearnerPool learners, TimeSpan duration, bool record, int seed)
    {
        runStart = Stopwatch.GetTimestamp();
        var stopAt = runStart + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        clientCount = clients;
        var perClient = await Task.WhenAll(Enumerable.Range(0, clients).Select(i => Task.Run(() => ClientAsync(learners, stopAt, new Random(seed + i)))));
        var all = new RunResults();
        if (record)
            foreach (var one in perClient) all.Add(one);
        return all;
    }

    private async Task<RunResults> ClientAsync(LearnerPool learners, long stopAt, Random random)
    {
        var results = new RunResults();
        var learner = learners.Next();
        if (learner is null) return results;
        var token = tokens.Mint(learner, "learner");
        var (openReviewId, reviewed, claimed) = ((string?)null, 0, 0);
        var interval = claimsPerSecond > 0 ? TimeSpan.FromSeconds(clientCount / claimsPerSecond) : TimeSpan.Zero;
        var next = Stopwatch.GetTimestamp() + (long)(random.NextDouble() * interval.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < stopAt)
        {
            if (interval > TimeSpan.Zero)
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
                if (wait > TimeSpan.Zero) await Task.Delay(wait);
                next += (long)(interval.TotalSeconds * Stopwatch.Frequency);
            }
            if ((reviewsPerLearner > 0 && reviewed == reviewsPerLearner) || (claimsPerLearner > 0 && claimed == claimsPerLearner))
            {
                (learner, reviewed, claimed, openReviewId) = (learners.Next(), 0, 0, null);
                if (learner is null) break;
                token = tokens.Mint(learner, "learner");
            }
            claimed++;
            var started = Stopwatch.GetTimestamp();
            var (status, claim) = await api.PostAsync($"/api/assignments/{assignmentId}/reviews/claim", token);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var sentAt = Stopwatch.GetElapsedTime(runStart, started).TotalMilliseconds;
            if (status != 200)
                throw new InvalidOperationException($"claim by {learner} answered {status}: {claim}");
            if (!claim.GetProperty("available").GetBoolean())
            {
                results.NewClaims.Add(new Sample(elapsed, status, sentAt));
                results.NothingWaiting++;
                await Task.Delay(50); // "try again later"
                continue;
            }
            var reviewId = claim.GetProperty("reviewId").GetString()!;
            (reviewId == openReviewId ? results.RepeatedClaims : results.NewClaims).Add(new Sample(elapsed, status, sentAt));
            if (random.NextDouble() >= reviewShare)
            {
                openReviewId = reviewId;
                continue;
            }
            started = Stopwatch.GetTimestamp();
            var (reviewStatus, review) = await api.PostAsync($"/api/assignments/{assignmentId}/reviews/{reviewId}", token, ReviewBody);
            results.Reviews.Add(new Sample(Stopwatch.GetElapsedTime(started).TotalMilliseconds, reviewStatus));
            if (reviewStatus != 201)
                throw new InvalidOperationException($"review {reviewId} by {learner} answered {reviewStatus}: {review}");
            if (review.GetProperty("extra").GetBoolean()) results.ExtraReviews++;
            openReviewId = null;
            reviewed++;
        }
        return results;
    }
}
