using Cooc.Common;

namespace Cooc.Assessment;

/// <summary>What a valid rubric is, and whether two rubrics say the same thing.</summary>
public static class RubricRules
{
    public const int MaxCriteria = 20;
    public const int MaxOptionsPerCriterion = 10;
    public const int MaxPointsPerOption = 1000;
    public const int MaxNameLength = 200;
    public const int MaxPromptLength = 2000;
    public const int MaxExplanationLength = 2000;

    /// <summary>
    /// Field errors under "rubric": 1..20 criteria with unique ids (<see cref="Ids.IsValid"/>), a localized name each,
    /// an optional prompt, 1..10 options each with a localized label, points 0..1000 and an optional explanation;
    /// the best option of at least one criterion gives points.
    /// </summary>
    public static FieldErrors Validate(RubricInput? input, FieldErrors? errors = null, string field = "rubric")
    {
        errors ??= new FieldErrors();
        var criteria = input?.Criteria;
        if (criteria is null || criteria.Count == 0) return errors.Add($"{field}.criteria", "Give at least one criterion.");
        if (criteria.Count > MaxCriteria) return errors.Add($"{field}.criteria", $"At most {MaxCriteria} criteria.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < criteria.Count; i++)
        {
            var at = $"{field}.criteria[{i}]";
            if (criteria[i] is not { } criterion) { errors.Add(at, "Give the criterion."); continue; }
            if (!Ids.IsValid(criterion.CriterionId)) errors.Add($"{at}.criterionId", "Letters, digits, '-', '_', '.' or '@', at most 128.");
            else if (!seen.Add(criterion.CriterionId!)) errors.Add($"{at}.criterionId", "Another criterion has this id.");
            LocalizedText.Validate(criterion.Name, $"{at}.name", MaxNameLength, errors);
            LocalizedText.Validate(criterion.Prompt, $"{at}.prompt", MaxPromptLength, errors, required: false);
            var options = criterion.Options;
            if (options is null || options.Count == 0) { errors.Add($"{at}.options", "Give at least one option."); continue; }
            if (options.Count > MaxOptionsPerCriterion) { errors.Add($"{at}.options", $"At most {MaxOptionsPerCriterion} options."); continue; }
            for (var j = 0; j < options.Count; j++)
            {
                var optionAt = $"{at}.options[{j}]";
                if (options[j] is not { } option) { errors.Add(optionAt, "Give the option."); continue; }
                LocalizedText.Validate(option.Label, $"{optionAt}.label", MaxNameLength, errors);
                LocalizedText.Validate(option.Explanation, $"{optionAt}.explanation", MaxExplanationLength, errors, required: false);
                if (option.Points is not (>= 0 and <= MaxPointsPerOption)) errors.Add($"{optionAt}.points", $"Between 0 and {MaxPointsPerOption}.");
            }
        }
        if (!errors.Any && criteria.All(c => c!.Options!.All(o => o!.Points == 0)))
            errors.Add($"{field}.criteria", "At least one option must give points.");
        return errors;
    }

    /// <summary>The version built from a valid input (call <see cref="Validate"/> first).</summary>
    public static RubricVersion ToVersion(RubricInput input, int version, DateTimeOffset now) =>
        new(version, input.Criteria!.Select(c => new RubricCriterion(c.CriterionId!, c.Name!, c.Prompt ?? [],
            c.Options!.Select(o => new RubricOption(o.Label!, o.Points!.Value, o.Explanation ?? [])).ToList())).ToList(), now);

    /// <summary>Same criteria, options, points and texts in the same order (the version number and date aside).</summary>
    public static bool SameContent(RubricVersion a, RubricVersion b) =>
        a.Criteria.Count == b.Criteria.Count && a.Criteria.Zip(b.Criteria).All(pair =>
            pair.First.CriterionId == pair.Second.CriterionId && SameText(pair.First.Name, pair.Second.Name)
            && SameText(pair.First.Prompt, pair.Second.Prompt) && pair.First.Options.Count == pair.Second.Options.Count
            && pair.First.Options.Zip(pair.Second.Options).All(o => o.First.Points == o.Second.Points
                && SameText(o.First.Label, o.Second.Label) && SameText(o.First.Explanation, o.Second.Explanation)));

    private static bool SameText(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(e => b.TryGetValue(e.Key, out var other) && other == e.Value);
}
