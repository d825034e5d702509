using Cooc.Assessment;
using Cooc.Functions.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cooc.Functions.Assessment;

/// <summary>Settings under "Cooc:Assessment".</summary>
public sealed class AssessmentOptions
{
    /// <summary>How long a reviewer holds a submission before it goes back to the pool.</summary>
    public TimeSpan LeaseDuration { get; set; } = ClaimOptions.Default.LeaseDuration;

    /// <summary>Leases that expire within one interval end together, at its end (<see cref="LeaseExpiry"/>): at most this late.</summary>
    public TimeSpan LeaseSweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A submission without any completed review for this long jumps the queue.</summary>
    public TimeSpan StarvationLimit { get; set; } = ClaimOptions.Default.StarvationLimit;

    /// <summary>Claims share a list of this many oldest submissions that may need reviews, read again after ClaimSnapshotAge (<see cref="ClaimCandidates"/>).</summary>
    public int ClaimSnapshotSize { get; set; } = 500;
    public TimeSpan ClaimSnapshotAge { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>When that list has nothing for a reviewer: submissions read per page, deeper, and at most this many pages per claim.</summary>
    public int ClaimPageSize { get; set; } = 100;
    public int ClaimMaxPages { get; set; } = 20;

    /// <summary>
    /// Concurrent claimers start at a random one of the first few equally ranked candidates (at most this many, and
    /// at most as many as claims in flight here), so they do not all race for the oldest; a lone claim takes the oldest.
    /// 64, the size of the slice the policy orders at a time: in a rush of 64 concurrent first claims it gave p99 97 ms
    /// against 166 ms with 16 (fewer takes that find the place gone).
    /// </summary>
    public int ClaimSpread { get; set; } = 64;

    /// <summary>
    /// How long after it was opened an upload that no submission names is kept (<see cref="UnsubmittedUploads"/>): its
    /// blob and document are then deleted.
    /// </summary>
    public TimeSpan UnsubmittedUploadLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// The claim settings as the domain takes them; one instance while the settings stay the same (claims ask for it
    /// in their loops: a new one each time was 1.7 % of the bytes a claim rush allocated).
    /// </summary>
    public ClaimOptions Claims
    {
        get
        {
            var known = Volatile.Read(ref claims);
            if (known is not null && known.LeaseDuration == LeaseDuration && known.StarvationLimit == StarvationLimit) return known;
            var current = new ClaimOptions(LeaseDuration, StarvationLimit);
            Volatile.Write(ref claims, current);
            return current;
        }
    }

    private ClaimOptions? claims;
}

public static class AssessmentServices
{
    /// <summary>Peer-graded assignments: HTTP functions, their storage steps and the grading queue's handler.</summary>
    public static IServiceCollection AddAssessment(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection("Cooc:Assessment").Get<AssessmentOptions>() ?? new AssessmentOptions());
        services.AddSingleton<AssignmentAccess>();
        services.AddSingleton<AssessmentStore>();
        services.AddSingleton<LeaseExpiry>();
        services.AddSingleton<ClaimCandidates>();
        services.AddSingleton<TakesInFlight>();
        services.AddSingleton<ReviewClaims>();
        services.AddSingleton<OneClaimPerReviewer>();
        services.AddSingleton<ReviewCompletions>();
        services.AddSingleton<SubmissionGrader>();
        services.AddSingleton<GradeReleases>();
        services.AddSingleton<UploadedFiles>();
        services.AddSingleton<StaffDecisions>();
        services.AddSingleton<MySubmissionViews>();
        services.AddSingleton(configuration.GetSection("Cooc:Assessment:ReviewerFit").Get<ReviewerFitOptions>() ?? new ReviewerFitOptions());
        services.AddSingleton<ReviewerFitStore>();
        services.AddSingleton<ReviewerFitJob>();
        services.AddSingleton<GradeFinalization>();
        services.AddSingleton<ReleasesAtClose>();
        services.AddSingleton<UnsubmittedUploads>();
        services.AddSingleton<IMessageHandler, GradingHandler>();
        return services.AddGradingMessageHandlers();
    }
}
