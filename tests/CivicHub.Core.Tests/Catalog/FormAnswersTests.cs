using CivicHub.Core.Catalog;
using CivicHub.Core.Citizens;
using CivicHub.Core.Outcomes;

namespace CivicHub.Core.Tests.Catalog;

public sealed class FormAnswersTests
{
    private static readonly Service Service = new()
    {
        Code = "test",
        Name = "Test",
        Fields =
        [
            new() { Key = "name", Label = "Name", Type = FormFieldType.Text, Required = true, PrefillFrom = "citizen.fullName", MaxLength = 10 },
            new() { Key = "count", Label = "Count", Type = FormFieldType.Number, Required = true },
            new() { Key = "when", Label = "When", Type = FormFieldType.Date },
            new() { Key = "kind", Label = "Kind", Type = FormFieldType.Select, Options = ["a", "b"] },
            new() { Key = "agree", Label = "Agree", Type = FormFieldType.Checkbox },
            new() { Key = "parcel", Label = "Parcel", Type = FormFieldType.Text, Pattern = @"\d{2}-\d{3}" },
            new() { Key = "email", Label = "Email", Type = FormFieldType.Email, PrefillFrom = "citizen.email" },
        ],
    };

    private static Dictionary<string, JsonElement> Answers(object answers) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(JsonSerializer.Serialize(answers))!;

    [Fact]
    public void Good_answers_become_text()
    {
        var errors = new ValidationErrors();
        var answers = FormAnswers.Validate(Service, Answers(new { name = "Ana", count = 3, when = "2026-01-31", kind = "b", agree = true, parcel = "12-345" }), errors);
        Assert.False(errors.Any);
        Assert.Equal("3", answers["count"]);
        Assert.Equal("true", answers["agree"]);
    }

    [Fact]
    public void Each_bad_answer_is_named()
    {
        var errors = new ValidationErrors();
        FormAnswers.Validate(Service, Answers(new { name = "A name far too long", count = "three", when = "31/01/2026", kind = "c", agree = "yes", parcel = "12345", other = 1, email = "x" }), errors);
        Assert.Equal(
            ["answers.agree", "answers.count", "answers.email", "answers.kind", "answers.name", "answers.other", "answers.parcel", "answers.when"],
            errors.ToDictionary().Keys.Order());
    }

    [Fact]
    public void Required_fields_are_required_only_when_complete()
    {
        var errors = new ValidationErrors();
        var answers = FormAnswers.Validate(Service, Answers(new { count = 1 }), errors);
        Assert.False(errors.Any);
        FormAnswers.RequireComplete(Service, answers, errors);
        Assert.Equal(["answers.name"], errors.ToDictionary().Keys);
    }

    [Fact]
    public void Prefill_answers_what_the_record_knows_and_never_overwrites_the_citizen()
    {
        var citizen = new Citizen();
        citizen.SetNames("Ana", "Lopez");
        var identities = new[] { new ChannelIdentity { Kind = IdentityKind.Email, Value = "ana@mail.example", Display = "Ana@mail.example" } };
        var filled = Prefill.Apply(Service, new Dictionary<string, string> { ["name"] = "Ana L." }, Prefill.From(citizen, identities));
        Assert.Equal("Ana L.", filled["name"]);
        Assert.Equal("Ana@mail.example", filled["email"]);
    }
}
