using PluginRuntime.Core.Config;

namespace PluginRuntime.Core.Tests.Config;

/// <summary>
/// The <c>users:</c> section: people named by a bearer token's <c>sub</c>, with a role and an optional scope.
/// The base file declares what users refer to (a zone, a system) and the jwt secret their tokens need.
/// </summary>
public sealed class ConfigLoaderUsersTests : IDisposable
{
    private readonly TempConfigFolder _folder = new();

    public ConfigLoaderUsersTests() => _folder.Write("00-base.yaml", """
        org: { id: org-acme, name: Acme Corp }
        zones:
          - { id: zone-syd, name: Sydney }
        systems:
          - { id: sys-1, name: Room }
        auth:
          jwt_secret: 0123456789abcdef0123456789abcdef
        """);

    public void Dispose() => _folder.Dispose();

    private string Test(string yaml) => _folder.Write("test.yaml", yaml);

    [Fact]
    public void Users_load_with_their_role_and_scope_in_declaration_order()
    {
        var file = Test("""
            users:
              - name: alice
                role: user
                zones: [zone-syd]
              - name: bob
                role: support
                systems: [sys-1]
              - { name: root, role: admin }
            """);

        var config = _folder.LoadValid();

        Assert.Equal(["alice", "bob", "root"], config.Users.Select(u => u.Name));
        var alice = config.UsersByName["alice"];
        Assert.Equal((ApiKeyRole.User, false), (alice.Role, alice.AllSystems));
        Assert.Equal(["zone-syd"], alice.ZoneIds);
        Assert.Empty(alice.SystemIds);
        Assert.Equal(new SourceLocation(file, 2, 5), alice.Location);
        var bob = config.UsersByName["bob"];
        Assert.Equal((ApiKeyRole.Support, false), (bob.Role, bob.AllSystems));
        Assert.Equal(["sys-1"], bob.SystemIds);
        var root = config.UsersByName["root"];
        Assert.Equal((ApiKeyRole.Admin, true), (root.Role, root.AllSystems));
    }

    [Fact]
    public void A_config_without_users_has_none()
    {
        Assert.Empty(_folder.LoadValid().Users);
    }

    [Fact]
    public void Every_kind_of_user_mistake_is_reported_at_its_position()
    {
        var file = Test("""
            users:
              - name: alice
              - { role: admin }
              - { name: bob, role: root }
              - { name: alice, role: user }
              - { name: carol, role: user, key: abcdefabcdefabcdef }
              - { name: dave, role: user, systems: [sys-2], zones: [zone-x] }
              - { name: erin, role: user, zones: zone-syd }
              - just-a-name
            """);

        _folder.ExpectErrors(
            $"{file}:2:5: user 'alice' is missing 'role'; add `role: user`, `role: support` or `role: admin`",
            $"{file}:3:5: user entry is missing 'name'; add the name bearer tokens carry as their `sub` claim, e.g. `name: alice`",
            $"{file}:4:24: user 'bob': role 'root' is not valid; use one of: user, support, admin",
            $"{file}:5:5: duplicate user name 'alice': it is already declared at {file}:2:5; give each user a unique name",
            $"{file}:6:32: unknown key 'key' in user 'carol'; valid keys are: name, role, systems, zones",
            $"{file}:7:41: user 'dave': system 'sys-2' is not a declared system; did you mean 'sys-1'?",
            $"{file}:7:57: user 'dave': zone 'zone-x' is not a declared zone; declare it under 'zones:' or fix the id",
            $"{file}:8:38: user 'erin': 'zones' must be a list, e.g. `zones: [zone-syd]`, not 'zone-syd'",
            $"{file}:9:5: each entry of 'users' must be a mapping of keys to values (e.g. `- name: alice`), not a single value");
    }

    [Fact]
    public void Users_that_are_not_a_list_are_reported()
    {
        var file = Test("""
            users:
              alice: admin
            """);

        _folder.ExpectErrors(
            $"{file}:2:3: 'users' must be a list of entries, each starting with '-' (e.g. `- name: alice`), not a mapping");
    }

    [Fact]
    public void Users_without_a_jwt_secret_are_reported_because_they_could_never_sign_in()
    {
        using var folder = new TempConfigFolder();
        var file = folder.Write("runtime.yaml", """
            org: { id: org-acme, name: Acme Corp }
            users:
              - { name: alice, role: user }
              - { name: bob, role: admin }
            """);

        folder.ExpectErrors(
            $"{file}:3:5: users sign in with bearer tokens, which need a signing secret; add `auth: {{ jwt_secret: <at least 32 random characters> }}` (e.g. from `openssl rand -base64 48`) or remove 'users:'");
    }

    [Fact]
    public void An_auth_section_without_a_jwt_secret_does_not_satisfy_users()
    {
        using var folder = new TempConfigFolder();
        var file = folder.Write("runtime.yaml", """
            org: { id: org-acme, name: Acme Corp }
            auth: {}
            users:
              - { name: alice, role: user }
            """);

        folder.ExpectErrors(
            $"{file}:4:5: users sign in with bearer tokens, which need a signing secret; add `auth: {{ jwt_secret: <at least 32 random characters> }}` (e.g. from `openssl rand -base64 48`) or remove 'users:'");
    }
}
