package dev.kes.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupMembershipTest {

    @Test
    void everyInstanceIsAStaticMemberWithABoundedSession(@TempDir final Path dir) {
        final Map<String, Object> props =
                GroupMembership.streamsProperties("", dir.resolve("a").toString(), Map.of());

        assertThat(props).containsEntry("session.timeout.ms", GroupMembership.SESSION_TIMEOUT_MS);
        assertThat((String) props.get("main.consumer.group.instance.id")).matches("[a-z0-9._-]+-a-[0-9a-f]{8}");
    }

    @Test
    void theDerivedIdIsStablePerStateDirAndDiffersBetweenThem(@TempDir final Path dir) {
        final String a = GroupMembership.instanceId("", dir.resolve("a").toString());

        assertThat(GroupMembership.instanceId("", dir.resolve("a").toString())).isEqualTo(a);
        assertThat(GroupMembership.instanceId(null, dir.resolve("x/../a").toString()))
                .isEqualTo(a);
        assertThat(GroupMembership.instanceId("", dir.resolve("b").toString())).isNotEqualTo(a);
        assertThat(GroupMembership.instanceId("", dir.resolve("a").toString() + "/" + "x".repeat(400)))
                .hasSizeLessThanOrEqualTo(249)
                .matches("[a-z0-9._-]+");
    }

    @Test
    void aConfiguredIdWinsAndTheOperatorsStreamsPropertiesWinOverBoth(@TempDir final Path dir) {
        assertThat(GroupMembership.streamsProperties("command-1", dir.toString(), Map.of()))
                .containsEntry("main.consumer.group.instance.id", "command-1");
        assertThat(GroupMembership.streamsProperties(
                        "command-1", dir.toString(), Map.of("group.instance.id", "theirs")))
                .doesNotContainKey("main.consumer.group.instance.id");
    }

    @Test
    void onlyANamedInstanceStaysInTheGroupWhenItStops() {
        assertThat(GroupMembership.onClose("", Map.of())).isEqualTo(GroupMembershipOperation.LEAVE_GROUP);
        assertThat(GroupMembership.onClose("command-1", Map.of())).isEqualTo(GroupMembershipOperation.REMAIN_IN_GROUP);
        assertThat(GroupMembership.onClose("", Map.of("main.consumer.group.instance.id", "command-1")))
                .isEqualTo(GroupMembershipOperation.REMAIN_IN_GROUP);
    }
}
