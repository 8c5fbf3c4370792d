using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace BorderAlertBot.Configuration;

/// <summary>
/// Validates an options class by its data annotations and reports each problem under its full
/// configuration key ("BorderAlert:Fetch:Timeout: The field Timeout must be between …"), so the user
/// knows exactly which setting or environment variable to fix.
/// </summary>
public sealed class SectionValidator<T>(string section) : IValidateOptions<T> where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
            return ValidateOptionsResult.Success;
        return ValidateOptionsResult.Fail(results.Select(r =>
            $"{section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
    }
}
