using System.Text.Json.Serialization;

namespace Cooc.Assessment;

/// <summary>One choice of a criterion: a label, the points it is worth (0 or more) and what it means.</summary>
public sealed record RubricOption(Dictionary<string, string> Label, int Points, Dictionary<string, string> Explanation);

/// <summary>
/// One thing the rubric scores. CriterionId is chosen by the instructor ("clarity"): unique within a version and kept
/// across versions when the criterion means the same thing, so reviews, calibration offsets and estimates line up.
/// Options are ordered as the instructor listed them; reviews pick one by its index in that list.
/// </summary>
public sealed record RubricCriterion(string CriterionId, Dictionary<string, string> Name, Dictionary<string, string> Prompt, List<RubricOption> Options)
{
    /// <summary>The most points any option of this criterion gives.</summary>
    [JsonIgnore]
    public int MaxPoints => Options.Count == 0 ? 0 : Options.Max(o => o.Points);

    public bool HasOption(int index) => index >= 0 && index < Options.Count;
}

/// <summary>
/// One immutable version of an assignment's rubric, numbered from 1. Every submission records the version it was
/// submitted under and is reviewed and graded with that version only (see <see cref="AssignmentRules.ReviseRubric"/>).
/// </summary>
public sealed record RubricVersion(int Version, List<RubricCriterion> Criteria, DateTimeOffset CreatedAt)
{
    /// <summary>The sum over criteria of each criterion's best option.</summary>
    [JsonIgnore]
    public int MaxPoints => Criteria.Sum(c => c.MaxPoints);

    public RubricCriterion? Criterion(string criterionId) => Criteria.FirstOrDefault(c => c.CriterionId == criterionId);

    /// <summary>Points of the option at index of the criterion; throws when either does not exist (validate input first).</summary>
    public int PointsOf(string criterionId, int optionIndex) =>
        Criterion(criterionId) is { } criterion && criterion.HasOption(optionIndex)
            ? criterion.Options[optionIndex].Points
            : throw new ArgumentOutOfRangeException(nameof(optionIndex), $"Criterion '{criterionId}' has no option {optionIndex}.");
}

/// <summary>What the instructor sends for a rubric: the criteria in display order.</summary>
public sealed record RubricInput(List<CriterionInput>? Criteria);

public sealed record CriterionInput(string? CriterionId, Dictionary<string, string>? Name, Dictionary<string, string>? Prompt, List<OptionInput>? Options);

public sealed record OptionInput(Dictionary<string, string>? Label, int? Points, Dictionary<string, string>? Explanation);
