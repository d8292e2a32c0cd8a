using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using PluginRuntime.Core.Config;
using PluginRuntime.Core.Privacy;

namespace PluginRuntime.Core.Tests.Privacy;

public sealed class PrivacyFilterChainTests
{
    private const string Key = "0123456789abcdef";

    private static PrivacyFilterConfig Filter(string name, string pattern, PrivacyAction action, string? key = null) =>
        new(name, new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)), action, key, default);

    private static string? Apply(PrivacyFilterChain chain, string json) =>
        chain.Apply(Encoding.UTF8.GetBytes(json)) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;

    [Fact]
    public void Matches_anywhere_in_strings_are_hashed_or_masked_and_the_shape_and_property_names_stay()
    {
        var chain = new PrivacyFilterChain([Filter("emails", @"[\w.]+@[\w.]+", PrivacyAction.Hash, Key), Filter("ids", @"^\d{6}$", PrivacyAction.Mask)]);
        var hash = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Key), "bob@example.com"u8));

        var result = Apply(chain, """{"bob@example.com":[{"organiser":"Bob <bob@example.com>","badge":123456,"ok":true}],"n":7}""");

        Assert.Equal($$"""{"bob@example.com":[{"organiser":"Bob <{{hash}}>","badge":"***","ok":true}],"n":7}""", result);
    }

    [Fact]
    public void A_value_nothing_matches_is_returned_as_the_same_bytes_and_a_drop_match_withholds_the_change()
    {
        var chain = new PrivacyFilterChain([Filter("secrets", "password", PrivacyAction.Drop)]);
        var untouched = Encoding.UTF8.GetBytes("""{ "a" : [1, 2.50] }""");

        Assert.Same(untouched, chain.Apply(untouched));
        Assert.Null(Apply(chain, """{"note":["fine", "the password is x"]}"""));
        Assert.Equal("\"fine\"", Apply(chain, "\"fine\""));
    }

    [Fact]
    public void Filters_apply_in_order_and_the_signature_changes_with_the_key_but_never_shows_it()
    {
        var maskThenDrop = new PrivacyFilterChain([Filter("m", "secret", PrivacyAction.Mask), Filter("d", @"\*\*\*", PrivacyAction.Drop)]);
        var a = new PrivacyFilterChain([Filter("h", "x", PrivacyAction.Hash, Key)]);
        var b = new PrivacyFilterChain([Filter("h", "x", PrivacyAction.Hash, Key + "!")]);

        Assert.Null(Apply(maskThenDrop, "\"a secret\""));
        Assert.NotEqual(a.Signature, b.Signature);
        Assert.Equal(a.Signature, new PrivacyFilterChain([Filter("h", "x", PrivacyAction.Hash, Key)]).Signature);
        Assert.DoesNotContain(Key, a.Signature);
    }
}
