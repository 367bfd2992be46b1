import { loadConfig } from '../config/env';
import { startVanban } from '../composition';
import { roleNames, type Role } from '../shared/actor';
import { DEMO_PIN } from '../seed/seed-demo-pki';

export async function runServe(): Promise<number> {
  const config = loadConfig();
  const vanban = await startVanban(config);
  const lines = [`Vanban đang chạy tại ${vanban.url}`, `  Quản trị hệ thống: admin / ${config.VANBAN_ADMIN_PASSWORD ? '(mật khẩu trong VANBAN_ADMIN_PASSWORD)' : config.adminPassword ?? '(đã tạo từ trước)'}`];
  if (vanban.demoAccounts) {
    lines.push(`  Tài khoản mẫu (mật khẩu chung: ${config.VANBAN_DEMO_PASSWORD}):`);
    for (const a of vanban.demoAccounts) lines.push(`    ${a.username.padEnd(22)} ${roleNames[a.role as Role].padEnd(16)} ${a.fullName} — ${a.organization}`);
    if (config.demoPki) lines.push(`  Lãnh đạo ký số bằng PIN ${DEMO_PIN}; chứng thư số do CA thử nghiệm (DEMO) cấp, công bố tại ${vanban.url}/api/v1/pki`);
  } else if (config.demo) {
    lines.push('  Dữ liệu mẫu đã có từ lần chạy trước (tài khoản dạng vanthu.tinh, lanhdao.tinh, chuyenvien.tinh…).');
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      vanban.logger.info({ signal }, 'shutting down');
      vanban.stop().then(resolve, (err) => {
        vanban.logger.error({ err }, 'shutdown failed');
        resolve();
      });
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });
  return 0;
}
