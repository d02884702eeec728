// The JSON of training courses, places, attendance, certificates and figures
// (docs/openapi.yaml: Training*, MyTraining), and reading a course from a request body.
#pragma once

#include <boost/json/object.hpp>

#include <optional>

#include "core/error.hpp"
#include "domain/training/training.hpp"

namespace gonghui::api::training_json {

// TrainingCourse; `mine` is the calling member's place (null for admins or none).
boost::json::object course(const training::Course& c, int64_t now,
                           const std::optional<training::Enrolment>& mine);
// TrainingMyEnrolment.
boost::json::object my_enrolment(const training::Enrolment& e);
// TrainingEnrolment (the admins' list; phone masked).
boost::json::object enrolment(const training::Enrolment& e);
// MyTraining.
boost::json::object my_course(const training::MyCourse& m, int64_t now);
// TrainingSession.
boost::json::object session(const training::Session& s, int64_t seats);
// TrainingAttendance (phone masked).
boost::json::object attendance(const training::Attendance& a);
// TrainingCertificate.
boost::json::object certificate(const training::Certificate& c);
// TrainingCertificateCheck (holder masked).
boost::json::object certificate_check(const training::Certificate& c);
// TrainingFigures.
boost::json::object figures(const training::Figures& f);

// TrainingCourseInput from a request body; errors name the field (type errors here, rules in
// training::create).
Result<training::CourseInput> read_course(const boost::json::object& body);

}  // namespace gonghui::api::training_json
