package dev.kes.service.config;

/** What {@link Settings} reports as a service reads it: single keys, and prefixes read as a group. */
interface KeyReads {
    KeyReads IGNORED = new KeyReads() {
        @Override
        public void key(final String key) {}

        @Override
        public void prefix(final String prefix) {}
    };

    void key(String key);

    void prefix(String prefix);
}
