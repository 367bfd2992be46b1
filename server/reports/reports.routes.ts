import { activityReportSchema } from '../contract/platform';
import { z } from 'zod';
import type { WorkflowDeps } from '../document-core/workflow-deps';
import type { ApiRouter } from '../http/api-router';
import { vietnamPeriod } from '../shared/vietnam-time';
import { activityReport } from './activity-report';
import { calendarDate } from '../contract/calendar-date';

const periodQuery = z.object({ from: calendarDate('from phải có dạng YYYY-MM-DD'), to: calendarDate('to phải có dạng YYYY-MM-DD') });

export function registerReportRoutes(api: ApiRouter, deps: WorkflowDeps): void {
  api.add({
    method: 'get', path: '/reports/activity', tag: 'reports', auth: true, query: periodQuery,
    summary: 'Báo cáo hoạt động trong kỳ: tỷ lệ văn bản điện tử, tỷ lệ ký số, tỷ lệ đúng hạn, số văn bản gửi/nhận theo cấp',
    responses: { 200: { description: 'Số liệu của cơ quan', schema: activityReportSchema } },
    handler: async ({ session, query }) => {
      const { start, end } = vietnamPeriod(query.from, query.to);
      return { body: { from: query.from, to: query.to, ...(await activityReport(deps.db, session.actor, start, end, deps.now())) } };
    },
  });
}
