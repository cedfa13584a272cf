using Balsam.Errors;

namespace Balsam.Tests.Unit.Validation;

/// <summary>Assertions on <see cref="BalsamValidationException"/>: which fields broke which rule.</summary>
internal static class ValidationAssert
{
    /// <summary>Runs the validation and returns the exception it must throw.</summary>
    public static BalsamValidationException Fails(Action validate) => Assert.ThrowsExactly<BalsamValidationException>(validate);

    /// <summary>
    /// Asserts a problem on <paramref name="field"/> whose rule contains every one of <paramref name="ruleWords"/>
    /// (case-insensitive), and that the exception message names the field and the rule.
    /// </summary>
    public static ValidationProblem HasProblem(BalsamValidationException error, string field, params string[] ruleWords)
    {
        var onField = error.Problems.Where(p => p.Field == field).ToList();
        Assert.IsNotEmpty(onField, $"expected a problem on '{field}'; got:{Environment.NewLine}{error.Message}");
        var match = onField.FirstOrDefault(p => ruleWords.All(w => p.Rule.Contains(w, StringComparison.OrdinalIgnoreCase)));
        Assert.IsNotNull(match,
            $"expected the rule on '{field}' to say [{string.Join(", ", ruleWords)}]; got:{Environment.NewLine}{error.Message}");
        Assert.Contains($"{match.Field}: {match.Rule}", error.Message, "the message names the field and the rule");
        return match;
    }

    /// <summary>Asserts that exactly these fields (each at least once) have problems.</summary>
    public static void ProblemFieldsAre(BalsamValidationException error, params string[] fields) =>
        CollectionAssert.AreEquivalent(fields, error.Problems.Select(p => p.Field).Distinct().ToArray(), error.Message);
}
