using CivicHub.Core.Cases;

namespace CivicHub.Core.Tests.Cases;

public sealed class CaseReferenceTests
{
    [Fact]
    public void New_references_are_eight_unambiguous_characters_that_validate()
    {
        for (var i = 0; i < 1000; i++)
        {
            var reference = CaseReference.New();
            Assert.Matches("^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$", reference);
            Assert.Equal(reference, CaseReference.Normalize(reference));
        }
    }

    [Fact]
    public void What_a_person_types_or_reads_out_is_normalised()
    {
        var reference = CaseReference.New();
        Assert.Equal(reference, CaseReference.Normalize(reference.ToLowerInvariant()));
        Assert.Equal(reference, CaseReference.Normalize(reference.Replace("-", "", StringComparison.Ordinal)));
        Assert.Equal(reference, CaseReference.Normalize(string.Join(' ', reference.Replace("-", "", StringComparison.Ordinal).ToCharArray())));
    }

    [Fact]
    public void Every_single_mistyped_character_is_caught()
    {
        for (var i = 0; i < 200; i++)
        {
            var compact = CaseReference.New().Replace("-", "", StringComparison.Ordinal);
            for (var position = 0; position < compact.Length; position++)
            {
                foreach (var wrong in CaseReference.Alphabet.Where(c => c != compact[position]))
                {
                    var typo = string.Concat(compact.AsSpan(0, position), wrong.ToString(), compact.AsSpan(position + 1));
                    Assert.Null(CaseReference.Normalize(typo));
                }
            }
        }
    }

    [Fact]
    public void Most_swapped_neighbours_are_caught()
    {
        var swaps = 0;
        var caught = 0;
        for (var i = 0; i < 2000; i++)
        {
            var compact = CaseReference.New().Replace("-", "", StringComparison.Ordinal);
            for (var position = 0; position < compact.Length - 1; position++)
            {
                if (compact[position] == compact[position + 1])
                {
                    continue;
                }

                var chars = compact.ToCharArray();
                (chars[position], chars[position + 1]) = (chars[position + 1], chars[position]);
                swaps++;
                caught += CaseReference.Normalize(new string(chars)) is null ? 1 : 0;
            }
        }

        Assert.True(caught >= swaps * 0.95, $"caught {caught} of {swaps}");
    }

    [Theory]
    [InlineData("")]
    [InlineData("K7M4-9QX")]
    [InlineData("K7M4-9QX22")]
    [InlineData("O0I1-LLUU")]
    [InlineData("'; DROP TABLE x; --")]
    public void Things_that_are_not_references_are_refused(string input) => Assert.Null(CaseReference.Normalize(input));

    [Fact]
    public void References_are_found_inside_messages()
    {
        var first = CaseReference.New();
        var second = CaseReference.New();
        var found = CaseReference.FindIn($"Hi, about {first.ToLowerInvariant()} and also {second.Replace('-', ' ')}. Thanks! CALL-ME22 later").ToList();
        Assert.Equal([first, second], found);
    }
}
