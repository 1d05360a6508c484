using System.ComponentModel.DataAnnotations;
using CivicHub.Core.Catalog;

namespace CivicHub.Core.Tests.Catalog;

public sealed class CatalogTextTests
{
    private static readonly FormField Size = new()
    {
        Key = "size",
        Label = "How big is it?",
        Type = FormFieldType.Select,
        Options = ["small", "large"],
        Translations = [new() { Language = "es", Label = "¿Qué tamaño tiene?", Options = ["pequeño", ""] }],
    };

    private static readonly Service Pothole = new()
    {
        Code = "pothole",
        Name = "Pothole",
        Description = "Report a pothole.",
        Topic = "Streets",
        Keywords = ["road"],
        Translations = [new() { Language = "es", Name = "Bache", Keywords = ["calle"] }],
        Fields = [Size],
    };

    [Fact]
    public void A_text_reads_in_the_language_asked_and_falls_back_to_the_default_where_it_is_missing()
    {
        Assert.Equal("Bache", Pothole.NameIn("es"));
        Assert.Equal("Report a pothole.", Pothole.DescriptionIn("es"));
        Assert.Equal("Streets", Pothole.TopicIn("es"));
        Assert.Equal("Pothole", Pothole.NameIn("fr"));
        Assert.Equal("Pothole", Pothole.NameIn("en"));
        Assert.Equal("¿Qué tamaño tiene?", Size.LabelIn("es"));
        Assert.Null(Size.HelpIn("es"));
    }

    [Fact]
    public void A_choice_shows_its_translation_by_position_and_an_empty_one_shows_the_choice()
    {
        Assert.Equal("pequeño", Size.OptionIn("small", "es"));
        Assert.Equal("large", Size.OptionIn("large", "es"));
        Assert.Equal("small", Size.OptionIn("small", "en"));
        Assert.Equal("medium", Size.OptionIn("medium", "es"));
    }

    [Fact]
    public void Search_texts_hold_every_language()
    {
        Assert.Contains("Bache", Pothole.SearchableTexts());
        Assert.Contains("calle", Pothole.SearchableTexts());
        Assert.Contains("road", Pothole.SearchableTexts());
    }

    [Theory]
    [InlineData(new[] { "es" }, true)]
    [InlineData(new[] { "es", "fr" }, true)]
    [InlineData(new[] { "en" }, false)]
    [InlineData(new[] { "Spanish" }, false)]
    [InlineData(new[] { "es", "es" }, false)]
    public void Catalog_languages_are_lower_case_codes_other_than_the_default_and_each_once(string[] languages, bool valid)
    {
        var options = new CatalogOptions { Languages = languages };
        var results = new List<ValidationResult>();
        Assert.Equal(valid, Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
    }
}
