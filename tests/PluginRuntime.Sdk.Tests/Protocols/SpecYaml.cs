namespace PluginRuntime.Sdk.Tests.Protocols;

/// <summary>Small AsyncAPI documents for the spec tests.</summary>
internal static class SpecYaml
{
    public const string Lamp = """
        asyncapi: 3.0.0
        info:
          title: Lamp protocol
          version: 2.1.0
        channels:
          events:
            address: null
            messages:
              state:
                $ref: '#/components/messages/state'
          command:
            address: command
            messages:
              setLevel:
                $ref: '#/components/messages/setLevel'
              blink:
                name: lamp.blink
                summary: Blinks the lamp.
                x-arguments: body
                payload:
                  type: object
                  properties:
                    id: { type: string }
                    body:
                      type: object
                      properties:
                        times: { type: integer, minimum: 1 }
              hello:
                name: hello
                x-method: false
                payload: { type: object }
        operations:
          lampSends:
            action: send
            channel: { $ref: '#/channels/events' }
          lampReceives:
            action: receive
            channel: { $ref: '#/channels/command' }
        components:
          messages:
            state:
              name: lamp.state
              summary: The lamp's state.
              payload:
                type: object
                required: [level]
                properties:
                  level: { $ref: '#/components/schemas/Level' }
                  mode: { enum: [auto, manual] }
            setLevel:
              name: lamp.set_level
              summary: Sets the level.
              description: 0 is off.
              x-method: set_level
              x-security: support
              x-driver-fields: [ref]
              payload:
                type: object
                required: [ref, level]
                properties:
                  ref: { type: string }
                  level: { $ref: '#/components/schemas/Level' }
                  fadeTime: { type: [number, 'null'] }
          schemas:
            Level: { type: integer, minimum: 0, maximum: 100 }
        """;

    public static string RepoFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PluginRuntime.sln")))
            {
                return Path.Combine(dir.FullName, relative);
            }
        }
        throw new InvalidOperationException("Repository root (PluginRuntime.sln) not found above the test output.");
    }
}
