using Microsoft.Extensions.Options;

namespace Balsam.Sessions;

/// <summary>Checks <see cref="SessionExpiryOptions"/> when the silo starts; each failure names the option, the rule and the value.</summary>
public sealed class SessionExpiryOptionsValidator : IValidateOptions<SessionExpiryOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SessionExpiryOptions options)
    {
        var failures = new List<string>();
        if (options.Expiry <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(SessionExpiryOptions)}.{nameof(options.Expiry)} must be greater than zero, was {options.Expiry}");
        }

        if (options.SweepPeriod <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(SessionExpiryOptions)}.{nameof(options.SweepPeriod)} must be greater than zero, was {options.SweepPeriod}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
