using Balsam.Errors;

namespace Balsam.Validation;

/// <summary>Collects every broken rule of one input so the user sees all of them at once, then throws.</summary>
public sealed class ValidationCollector(string subject)
{
    private readonly List<ValidationProblem> _problems = [];

    public bool HasProblems => _problems.Count > 0;

    /// <summary>Every broken rule so far.</summary>
    public IReadOnlyList<ValidationProblem> Problems => _problems;

    public void Add(string field, string rule) => _problems.Add(new ValidationProblem(field, rule));

    public void Require(bool condition, string field, string rule)
    {
        if (!condition)
        {
            Add(field, rule);
        }
    }

    /// <summary>Throws <see cref="BalsamValidationException"/> if any rule was broken.</summary>
    public void ThrowIfAny()
    {
        if (_problems.Count > 0)
        {
            throw new BalsamValidationException(subject, _problems);
        }
    }
}
