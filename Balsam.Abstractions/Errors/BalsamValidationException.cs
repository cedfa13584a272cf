namespace Balsam.Errors;

/// <summary>Input broke one or more rules. Nothing was stored. <see cref="Problems"/> names each field and rule.</summary>
[GenerateSerializer, Alias("balsam.BalsamValidationException")]
public sealed class BalsamValidationException : Exception
{
    public BalsamValidationException(string subject, IReadOnlyList<ValidationProblem> problems)
        : base(FormatMessage(subject, problems))
    {
        Subject = subject;
        Problems = problems.ToArray();
    }

    public BalsamValidationException(string subject, string field, string rule)
        : this(subject, [new ValidationProblem(field, rule)])
    {
    }

    /// <summary>What was being validated, e.g. <c>app 'Hello'</c>.</summary>
    [Id(0)] public string Subject { get; }

    [Id(1)] public ValidationProblem[] Problems { get; }

    private static string FormatMessage(string subject, IReadOnlyList<ValidationProblem> problems) =>
        problems.Count == 1
            ? $"Invalid {subject}: {problems[0]}"
            : $"Invalid {subject}:{Environment.NewLine}" + string.Join(Environment.NewLine, problems.Select(p => $"  - {p}"));
}
