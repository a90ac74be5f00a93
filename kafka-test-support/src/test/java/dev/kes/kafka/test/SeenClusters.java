package dev.kes.kafka.test;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/** Every KafkaTestCluster instance handed to the test classes of this JVM, by identity. */
final class SeenClusters {
    private static final Set<KafkaTestCluster> SEEN =
            Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    private SeenClusters() {}

    /** Records the instance; returns how many distinct instances were seen so far. */
    static int record(KafkaTestCluster cluster) {
        SEEN.add(cluster);
        return SEEN.size();
    }
}
