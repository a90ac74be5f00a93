package dev.kes.registry;

/** Avro schemas for the tests: a record and versions of it that are, or are not, compatible with it. */
final class Schemas {
    static final String V1 = """
            {"type":"record","name":"Deposited","namespace":"test.events","fields":[
              {"name":"accountId","type":"string"},
              {"name":"amount","type":"string"}]}""";
    /** V1 with an optional field: BACKWARD and FORWARD compatible with V1. */
    static final String V2 = """
            {"type":"record","name":"Deposited","namespace":"test.events","fields":[
              {"name":"accountId","type":"string"},
              {"name":"amount","type":"string"},
              {"name":"description","type":["null","string"],"default":null}]}""";
    /** V1 with a new required field: cannot read V1's data, so not BACKWARD compatible. */
    static final String REQUIRED_FIELD = """
            {"type":"record","name":"Deposited","namespace":"test.events","fields":[
              {"name":"accountId","type":"string"},
              {"name":"amount","type":"string"},
              {"name":"currency","type":"string"}]}""";
    /** V1 written differently (whitespace, attribute order): the same schema. */
    static final String V1_REFORMATTED =
            "{ \"namespace\" : \"test.events\", \"name\": \"Deposited\", \"type\": \"record\","
                    + "\n  \"fields\": [ {\"type\": \"string\", \"name\": \"accountId\"}, {\"name\": \"amount\", \"type\": \"string\"} ] }";

    private Schemas() {}
}
