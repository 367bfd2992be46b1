import type { OrganizationTreeNode } from '../organizations/import-organizations';

/**
 * A realistic slice of the State: a ministry, a province with two departments, two districts
 * (the pre-2025 shape) with communes, and one commune directly under the province (the shape
 * after the July 2025 reform). Codes follow QCVN 102:2016, the last one Decision 20/2020.
 */
export const demoTree: OrganizationTreeNode[] = [
  {
    code: '000.00.00.G09',
    name: 'Bộ Nội vụ',
    abbreviation: 'BNV',
    level: 'central',
    units: [
      { name: 'Văn phòng Bộ', abbreviation: 'VP' },
      { name: 'Vụ Chính quyền địa phương', abbreviation: 'CQĐP' },
    ],
  },
  {
    code: '000.00.00.H06',
    name: 'Ủy ban nhân dân tỉnh Bắc Ninh',
    abbreviation: 'UBND',
    level: 'province',
    units: [
      { name: 'Văn phòng Ủy ban nhân dân tỉnh', abbreviation: 'VP' },
      { name: 'Phòng Kinh tế - Tổng hợp', abbreviation: 'KTTH' },
      { name: 'Phòng Khoa giáo - Văn xã', abbreviation: 'KGVX' },
    ],
    children: [
      {
        code: '000.00.05.H06',
        name: 'Sở Tài chính tỉnh Bắc Ninh',
        abbreviation: 'STC',
        level: 'province',
        units: [
          { name: 'Văn phòng Sở', abbreviation: 'VP' },
          { name: 'Phòng Quản lý ngân sách', abbreviation: 'QLNS' },
        ],
      },
      {
        code: '000.00.09.H06',
        name: 'Sở Nội vụ tỉnh Bắc Ninh',
        abbreviation: 'SNV',
        level: 'province',
        units: [
          { name: 'Văn phòng Sở', abbreviation: 'VP' },
          { name: 'Phòng Xây dựng chính quyền', abbreviation: 'XDCQ' },
        ],
      },
      {
        code: '000.00.32.H06',
        name: 'Ủy ban nhân dân huyện Tiên Du',
        abbreviation: 'UBND',
        level: 'district',
        units: [
          { name: 'Văn phòng HĐND và UBND huyện', abbreviation: 'VP' },
          { name: 'Phòng Tài chính - Kế hoạch', abbreviation: 'TCKH' },
        ],
        children: [
          {
            code: '000.21.32.H06',
            name: 'Ủy ban nhân dân xã Hiên Vân',
            abbreviation: 'UBND',
            level: 'commune',
            units: [{ name: 'Văn phòng - Thống kê', abbreviation: 'VP' }],
          },
        ],
      },
      {
        code: '000.00.33.H06',
        name: 'Ủy ban nhân dân huyện Gia Bình',
        abbreviation: 'UBND',
        level: 'district',
        units: [
          { name: 'Văn phòng HĐND và UBND huyện', abbreviation: 'VP' },
          { name: 'Phòng Nội vụ', abbreviation: 'NV' },
        ],
        children: [
          {
            code: '000.20.33.H06',
            name: 'Ủy ban nhân dân xã Xuân Lai',
            abbreviation: 'UBND',
            level: 'commune',
            units: [{ name: 'Văn phòng - Thống kê', abbreviation: 'VP' }],
          },
        ],
      },
      {
        code: 'H06.XA.001',
        name: 'Ủy ban nhân dân xã Đại Đồng',
        abbreviation: 'UBND',
        level: 'commune',
        units: [
          { name: 'Văn phòng HĐND và UBND xã', abbreviation: 'VP' },
          { name: 'Phòng Văn hóa - Xã hội', abbreviation: 'VHXH' },
        ],
      },
    ],
  },
];

export interface DemoStaff {
  orgCode: string;
  slug: string;
  clerk: [string, string];
  leader: [string, string];
  official: [string, string];
}

/** [full name, position title] per role and organisation. */
export const demoStaff: DemoStaff[] = [
  { orgCode: '000.00.00.G09', slug: 'bo', clerk: ['Nguyễn Thị Hồng', 'Văn thư Văn phòng Bộ'], leader: ['Trần Văn Thắng', 'Thứ trưởng'], official: ['Lê Minh Tuấn', 'Chuyên viên chính Vụ Chính quyền địa phương'] },
  { orgCode: '000.00.00.H06', slug: 'tinh', clerk: ['Phạm Thị Lan', 'Văn thư Văn phòng UBND tỉnh'], leader: ['Đỗ Quang Huy', 'Chủ tịch UBND tỉnh'], official: ['Vũ Thị Mai', 'Chuyên viên Phòng Kinh tế - Tổng hợp'] },
  { orgCode: '000.00.05.H06', slug: 'stc', clerk: ['Hoàng Thị Thu', 'Văn thư Sở'], leader: ['Bùi Đức Anh', 'Giám đốc Sở Tài chính'], official: ['Ngô Văn Bình', 'Chuyên viên Phòng Quản lý ngân sách'] },
  { orgCode: '000.00.09.H06', slug: 'snv', clerk: ['Đặng Thị Hà', 'Văn thư Sở'], leader: ['Phan Văn Long', 'Giám đốc Sở Nội vụ'], official: ['Trịnh Thị Ngọc', 'Chuyên viên Phòng Xây dựng chính quyền'] },
  { orgCode: '000.00.32.H06', slug: 'tiendu', clerk: ['Lý Thị Hương', 'Văn thư UBND huyện'], leader: ['Nguyễn Văn Hùng', 'Chủ tịch UBND huyện'], official: ['Trần Thị Yến', 'Chuyên viên Phòng Tài chính - Kế hoạch'] },
  { orgCode: '000.00.33.H06', slug: 'giabinh', clerk: ['Đinh Thị Nga', 'Văn thư UBND huyện'], leader: ['Lương Văn Sơn', 'Phó Chủ tịch UBND huyện'], official: ['Cao Thị Loan', 'Chuyên viên Phòng Nội vụ'] },
  { orgCode: '000.21.32.H06', slug: 'hienvan', clerk: ['Tạ Thị Xuân', 'Văn thư UBND xã'], leader: ['Nguyễn Đình Khánh', 'Chủ tịch UBND xã'], official: ['Hà Văn Nam', 'Công chức Văn phòng - Thống kê'] },
  { orgCode: '000.20.33.H06', slug: 'xuanlai', clerk: ['Mai Thị Thảo', 'Văn thư UBND xã'], leader: ['Vương Văn Lực', 'Chủ tịch UBND xã'], official: ['Kiều Thị Dung', 'Công chức Văn phòng - Thống kê'] },
  { orgCode: 'H06.XA.001', slug: 'daidong', clerk: ['Lâm Thị Bích', 'Văn thư UBND xã'], leader: ['Chu Văn Toàn', 'Chủ tịch UBND xã'], official: ['Dương Thị Hạnh', 'Công chức Văn hóa - Xã hội'] },
];
