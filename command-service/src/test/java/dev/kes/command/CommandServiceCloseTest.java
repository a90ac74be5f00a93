package dev.kes.command;

import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CommandServiceCloseTest {

    @Test
    void aStoppingInstanceLeavesTheGroupSoItsPartitionsMoveAtOnce() {
        assertThat(CommandService.membershipOnClose(CommandServiceConfig.of(Map.of())))
                .isEqualTo(GroupMembershipOperation.LEAVE_GROUP);
    }

    @Test
    void aStaticMemberStaysForItsComeback() {
        final CommandServiceConfig config = CommandServiceConfig.of(Map.of(
                "streams.main.consumer.group.instance.id", "command-service-1"));
        assertThat(CommandService.membershipOnClose(config)).isEqualTo(GroupMembershipOperation.REMAIN_IN_GROUP);
    }
}
