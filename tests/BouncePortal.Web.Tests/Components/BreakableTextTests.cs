using BouncePortal.Web.Components.Shared;
using Bunit;

namespace BouncePortal.Web.Tests.Components;

/// <summary>An address wraps only after its @ and before its dots. Only a part longer than 30 characters may wrap inside.</summary>
public sealed class BreakableTextTests : BunitContext
{
    [Theory]
    [InlineData("sales@trialsix.example.com", new[] { "sales@", "trialsix", ".example", ".com" })]
    [InlineData("example.com", new[] { "example", ".com" })]
    [InlineData("Unknown sender", new[] { "Unknown sender" })]
    [InlineData(".hidden@", new[] { ".hidden@" })]
    [InlineData("a@@b", new[] { "a@", "@", "b" })]
    public void Split_Address_BreaksAfterAtAndBeforeDots(string value, string[] expected)
    {
        var parts = BreakableParts.Split(value);

        Assert.Equal(expected, parts);
        Assert.Equal(value, string.Concat(parts));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Split_Empty_HasNoParts(string? value)
    {
        Assert.Empty(BreakableParts.Split(value));
    }

    [Fact]
    public void Render_ShortAddress_KeepsPartsWhole()
    {
        var text = Render<BreakableText>(parameters => parameters.Add(p => p.Value, "sales@trialsix.example.com"));

        text.MarkupMatches("sales@<wbr>trialsix<wbr>.example<wbr>.com<wbr>");
        Assert.Empty(text.FindAll(".breakable-long-part"));
    }

    [Fact]
    public void Render_LongPart_MayWrapInside()
    {
        var local = new string('x', BreakableParts.LongPartLength + 1);

        var text = Render<BreakableText>(parameters => parameters.Add(p => p.Value, local + "@example.com"));

        Assert.Equal(local + "@", text.Find(".breakable-long-part").TextContent);
        Assert.Equal(local + "@example.com", text.Markup.Replace("<wbr>", string.Empty).Replace("<span class=\"breakable-long-part\">", string.Empty).Replace("</span>", string.Empty));
    }

    [Fact]
    public void Render_Markup_EncodesTheValue()
    {
        var text = Render<BreakableText>(parameters => parameters.Add(p => p.Value, "<script>@x.com"));

        Assert.Empty(text.FindAll("script"));
        Assert.Contains("&lt;script&gt;@", text.Markup);
    }
}
