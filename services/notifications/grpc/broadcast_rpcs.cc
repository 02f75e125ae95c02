// The broadcast and call-out RPCs of NotificationsGrpc (H4 serves them; UNIMPLEMENTED until
// then).
#include "services/notifications/grpc/notifications_grpc.h"

namespace tongxin::notifications {

NotificationsGrpc::Reactor* NotificationsGrpc::SendBroadcast(Ctx* ctx,
                                                             const pb::SendBroadcastRequest*,
                                                             pb::Broadcast*) {
  return NotYet(ctx, "SendBroadcast");
}

NotificationsGrpc::Reactor* NotificationsGrpc::GetBroadcast(Ctx* ctx,
                                                            const pb::GetBroadcastRequest*,
                                                            pb::Broadcast*) {
  return NotYet(ctx, "GetBroadcast");
}

NotificationsGrpc::Reactor* NotificationsGrpc::ListBroadcasts(Ctx* ctx,
                                                              const pb::ListBroadcastsRequest*,
                                                              pb::ListBroadcastsResponse*) {
  return NotYet(ctx, "ListBroadcasts");
}

NotificationsGrpc::Reactor* NotificationsGrpc::AnswerCallOut(Ctx* ctx,
                                                             const pb::AnswerCallOutRequest*,
                                                             pb::CallOutAnswer*) {
  return NotYet(ctx, "AnswerCallOut");
}

NotificationsGrpc::Reactor* NotificationsGrpc::ListCallOutAnswers(
    Ctx* ctx, const pb::ListCallOutAnswersRequest*, pb::ListCallOutAnswersResponse*) {
  return NotYet(ctx, "ListCallOutAnswers");
}

}  // namespace tongxin::notifications
