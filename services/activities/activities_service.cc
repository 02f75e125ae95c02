#include "services/activities/activities_service.h"

namespace tongxin::activities {

std::unique_ptr<ActivitiesService> ActivitiesService::Create(Db& db, const Clock& clock,
                                                             const ActivitiesDeps& deps,
                                                             ActivitiesOptions options) {
  return std::unique_ptr<ActivitiesService>(
      new ActivitiesService(db, clock, deps, std::move(options)));
}

ActivitiesService::ActivitiesService(Db& db, const Clock& clock, const ActivitiesDeps& deps,
                                     ActivitiesOptions options)
    : activities_(db),
      participations_(db),
      events_(db),
      domain_(activities_, participations_, events_, clock, std::move(options)),
      grpc_(domain_, deps.volunteers, db, deps.runner),
      outbox_admin_(db, deps.runner) {}

}  // namespace tongxin::activities
