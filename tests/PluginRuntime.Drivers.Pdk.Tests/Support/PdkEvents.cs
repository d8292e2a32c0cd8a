namespace PluginRuntime.Drivers.Pdk.Tests.Support;

/// <summary>Events shaped as the seed shows them.</summary>
internal static class PdkEvents
{
    public static string Door(string topic, int doorId = 1, string name = "Front Door") => $$$"""
        {"topic": "{{{topic}}}", "body": {"doorId": {{{doorId}}}, "door": {"id": {{{doorId}}}, "name": "{{{name}}}", "connection": 1, "port": 1, "partitions": [0], "metadata": {} } },
         "occurred": "2023-05-04 17:59:16"}
        """;

    public static string Allowed(string id, int doorId = 1) => $$$"""
        {"id": "{{{id}}}", "topic": "door.request.allowed",
         "body": {"doorId": {{{doorId}}}, "personId": 7, "requestFactor": "PIN_ONLY",
                  "person": {"id": 7, "firstName": "Ada", "lastName": "Lovelace", "enabled": true, "partition": 0, "activeDate": null, "expireDate": null, "metadata": {}},
                  "door": {"id": {{{doorId}}}, "name": "Front Door", "port": 1, "metadata": {}, "connection": 1, "partitions": [0]}},
         "occurred": "2023-05-03 19:04:55", "metadata": {"occurred": 1683165895729, "doorName": "Front Door", "personName": "Ada Lovelace"}}
        """;

    public static string Denied(string id) => $$$"""
        {"id": "{{{id}}}", "topic": "door.request.denied",
         "body": {"doorId": 2, "personId": 8, "requestFactor": "PIN_ONLY", "explicit": true,
                  "person": {"id": 8, "firstName": "Grace", "lastName": "Hopper", "enabled": true, "partition": 0, "activeDate": null, "expireDate": null, "metadata": {}},
                  "door": {"id": 2, "name": "Back Door", "port": 1, "metadata": {}, "connection": 16, "partitions": [0]}},
         "occurred": "2023-05-04 18:49:42", "metadata": {"occurred": 1683251382729, "doorName": "Back Door", "personName": "Grace Hopper"}}
        """;

    public static string Unknown(string id) => $$$"""
        {"id": "{{{id}}}", "topic": "door.request.unknown",
         "body": {"doorId": 3, "pin": "1234", "door": {"id": 3, "name": "Server Room", "port": 1, "metadata": {}, "connection": 1, "partitions": [0]}},
         "metadata": {"occurred": 1683251028581, "doorName": "Server Room"}, "occurred": "2023-05-04 18:43:48"}
        """;

    public static string Succeeded(string commandId) => $$$"""
        {"id": "{{{Guid.NewGuid()}}}", "topic": "command.result.succeed", "body": {"commandId": "{{{commandId}}}"},
         "occurred": "2023-05-04 17:59:16", "metadata": {"occurred": 1683248356916}}
        """;
}
