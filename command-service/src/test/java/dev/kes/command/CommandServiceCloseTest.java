package dev.kes.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kes.service.ServiceStreams;
import java.util.Map;
import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.junit.jupiter.api.Test;

class CommandServiceCloseTest {

    @Test
    void aStoppingInstanceLeavesTheGroupSoItsPartitionsMoveAtOnce() {
        assertThat(ServiceStreams.membershipOnClose(
                        CommandServiceConfig.of(Map.of()).common()))
                .isEqualTo(GroupMembershipOperation.LEAVE_GROUP);
    }

    @Test
    void aStaticMemberStaysForItsComeback() {
        final CommandServiceConfig config =
                CommandServiceConfig.of(Map.of("streams.main.consumer.group.instance.id", "command-service-1"));
        assertThat(ServiceStreams.membershipOnClose(config.common()))
                .isEqualTo(GroupMembershipOperation.REMAIN_IN_GROUP);
    }
}
